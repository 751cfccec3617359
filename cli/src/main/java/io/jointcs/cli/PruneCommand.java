package io.jointcs.cli;

import ai.djl.ndarray.NDManager;
import io.jointcs.artifact.ModelArtifact;
import io.jointcs.data.ValidationSplit;
import io.jointcs.json.Json;
import io.jointcs.model.ModelSpec;
import io.jointcs.model.Network;
import io.jointcs.pruning.ChannelRanking;
import io.jointcs.pruning.CompressionRecipe;
import io.jointcs.pruning.Compressor;
import io.jointcs.pruning.L1NormRanking;
import io.jointcs.training.Evaluator;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jointcs prune}: structured pruning of a model artifact, recalibration, fine-tuning, validation. */
@Command(name = "prune", mixinStandardHelpOptions = true,
    description = "Prune channels of a model artifact (L1 filter ranking), recalibrate batch-norm, fine-tune "
        + "briefly, report validation accuracy and write the pruned artifact.")
final class PruneCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, description = "FULL model artifact to prune") Path model;

  static final class Target {
    @Option(names = "--keep", description = "keep this share of every channel group, e.g. 0.75") Double keep;
    @Option(names = "--widths", split = ",", description = "width of every channel group, in order") List<Integer> widths;
  }

  @ArgGroup(exclusive = true, multiplicity = "1") Target target;

  @Option(names = "--ranking", defaultValue = "l1-gamma",
      description = "filter ranking: l1 (filter L1 norm) or l1-gamma (times |batch-norm gamma|) (default: ${DEFAULT-VALUE})")
  String ranking;

  @Option(names = "--recalibration-batches", defaultValue = "40") int recalibrationBatches;
  @Option(names = "--finetune-images", defaultValue = "10000", description = "0 disables fine-tuning") int fineTuneImages;
  @Option(names = "--finetune-epochs", defaultValue = "1") int fineTuneEpochs;
  @Option(names = "--finetune-lr", defaultValue = "0.02") double fineTuneLearningRate;
  @Option(names = "--validation-images", defaultValue = "0", description = "0 = the whole validation split") int validationImages;
  @Option(names = "--seed", defaultValue = "1") long seed;
  @Option(names = "--out", required = true, description = "file (or directory) for the pruned FULL artifact") Path out;
  @Option(names = "--json", description = "print the result as JSON") boolean json;

  @Mixin DataOptions data;
  @Mixin EngineOptions engine;

  record Result(String source, String pruned, String file, String architecture, List<Integer> widths,
      long macs, double macRatio, long params, double paramRatio, double baseAccuracy,
      double accuracyAfterRecalibration, double accuracy, int validationImages, long wallMs) {}

  @Override
  public Integer call() throws Exception {
    engine.apply();
    ChannelRanking channelRanking = switch (ranking) {
      case "l1" -> L1NormRanking.plain();
      case "l1-gamma" -> L1NormRanking.gammaScaled();
      default -> throw new IllegalArgumentException("unknown --ranking '" + ranking + "'; known: l1, l1-gamma");
    };
    CompressionRecipe recipe = new CompressionRecipe(channelRanking, recalibrationBatches, fineTuneImages,
        fineTuneEpochs, fineTuneLearningRate, validationImages, seed);
    ModelArtifact artifact = ModelArtifact.readFile(model);
    ValidationSplit.Parts parts = data.loadTrainAndValidation();
    try (NDManager manager = NDManager.newBaseManager();
        Network base = artifact.loadNetwork(manager)) {
      ModelSpec spec = target.keep != null
          ? ModelSpec.uniformlyScaled(base.spec().architecture(), base.spec().numClasses(), target.keep)
          : new ModelSpec(base.spec().architecture(), base.spec().numClasses(), target.widths);
      var validation = recipe.validationSubset(parts.validation());
      double baseAccuracy = Evaluator.evaluate(base, validation, null).top1();
      Compressor.Outcome outcome = Compressor.compress(base, spec, parts.train(), parts.validation(), recipe, manager);
      try (Network pruned = outcome.network()) {
        ModelArtifact prunedArtifact = ModelArtifact.of(pruned);
        Path file = prunedArtifact.writeFile(out);
        long baseMacs = base.plan().macs();
        long baseParams = base.plan().params();
        Result result = new Result(artifact.sha256(), prunedArtifact.sha256(), file.toString(),
            spec.architecture().id(), spec.widths(), pruned.plan().macs(), (double) pruned.plan().macs() / baseMacs,
            pruned.plan().params(), (double) pruned.plan().params() / baseParams, baseAccuracy,
            outcome.accuracyAfterRecalibration(), outcome.accuracy(), outcome.validationImages(), outcome.wallMs());
        if (json) {
          System.out.println(Json.mapper().writeValueAsString(result));
        } else {
          System.out.printf("pruned %s to %s: MACs x%.3f, params x%.3f; top-1 %.4f -> %.4f after recalibration -> "
              + "%.4f after fine-tuning (%d validation images, %.1f s); written to %s%n", spec.architecture().id(),
              spec.widths(), result.macRatio(), result.paramRatio(), baseAccuracy, result.accuracyAfterRecalibration(),
              result.accuracy(), result.validationImages(), result.wallMs() / 1000.0, file);
        }
      }
    }
    return 0;
  }
}
