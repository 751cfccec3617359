package io.jointcs.pruning;

import ai.djl.ndarray.NDManager;
import io.jointcs.data.LabeledImages;
import io.jointcs.model.ModelSpec;
import io.jointcs.model.Network;
import io.jointcs.training.Evaluator;
import io.jointcs.training.LearningRateSchedule;
import io.jointcs.training.Trainer;
import io.jointcs.training.TrainingConfig;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a {@link CompressionRecipe}: prune, recalibrate batch-norm, fine-tune, validate. */
public final class Compressor {
  private static final Logger LOG = LoggerFactory.getLogger(Compressor.class);

  private Compressor() {}

  /**
   * @param network the compressed network (caller closes it)
   * @param accuracyAfterRecalibration validation top-1 before fine-tuning
   * @param accuracy validation top-1 after fine-tuning (equal to the above without fine-tuning)
   * @param validationImages images the accuracies were measured on
   * @param wallMs time the whole recipe took
   */
  public record Outcome(Network network, double accuracyAfterRecalibration, double accuracy, int validationImages,
      long wallMs) {}

  public static Outcome compress(Network base, ModelSpec target, LabeledImages train, LabeledImages validation,
      CompressionRecipe recipe, NDManager parent) throws IOException {
    long start = System.nanoTime();
    LabeledImages validationSubset = recipe.validationSubset(validation);
    Network network = Pruner.prune(base, target, recipe.ranking(), parent).network();
    try {
      if (recipe.recalibrationBatches() > 0) {
        BatchNormRecalibration.recalibrate(network, train, recipe.recalibrationBatches(), recipe.seed());
      }
      double recalibrated = Evaluator.evaluate(network, validationSubset, null).top1();
      double accuracy = recalibrated;
      if (recipe.fineTunes()) {
        LabeledImages subset = train.stratifiedSample(recipe.fineTuneImages(), "compression-finetune-" + recipe.seed());
        TrainingConfig config = new TrainingConfig(recipe.fineTuneEpochs(), 64, recipe.fineTuneLearningRate(), 0.9,
            5e-4, 0, LearningRateSchedule.COSINE, true, recipe.seed(), 0);
        new Trainer(config, null, null, null).train(network, subset, null);
        accuracy = Evaluator.evaluate(network, validationSubset, null).top1();
      }
      long wallMs = (System.nanoTime() - start) / 1_000_000;
      LOG.info("compressed {} to widths {}: accuracy {} after recalibration, {} after fine-tuning, in {} ms",
          target.architecture().id(), target.widths(), recalibrated, accuracy, wallMs);
      return new Outcome(network, recalibrated, accuracy, validationSubset.size(), wallMs);
    } catch (IOException | RuntimeException e) {
      network.close();
      throw e;
    }
  }
}
