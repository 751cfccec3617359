package io.jointcs.cli;

import io.jointcs.pruning.CompressionRecipe;
import io.jointcs.pruning.L1NormRanking;
import io.jointcs.search.SearchConfig;
import io.jointcs.search.SelectionRule;
import io.jointcs.search.StepSchedule;
import picocli.CommandLine.Option;

/** How a search runs and what each candidate's accuracy costs. */
final class SearchBudgetOptions {
  @Option(names = "--strategy", defaultValue = "greedy",
      description = "greedy, or beam (keeps --beam-width states) (default: ${DEFAULT-VALUE})")
  String strategy;

  @Option(names = "--beam-width", defaultValue = "2", description = "states kept by --strategy beam "
      + "(default: ${DEFAULT-VALUE})")
  int beamWidth;

  @Option(names = "--step", defaultValue = "0.10",
      description = "latency reduction asked of the first step (default: ${DEFAULT-VALUE})")
  double initialStep;

  @Option(names = "--step-decay", defaultValue = "0.85", description = "step factor per iteration, 1 = constant "
      + "(default: ${DEFAULT-VALUE})")
  double stepDecay;

  @Option(names = "--min-step", defaultValue = "0.02", description = "smallest step (default: ${DEFAULT-VALUE})")
  double minStep;

  @Option(names = "--max-steps", defaultValue = "40", description = "iteration budget (default: ${DEFAULT-VALUE})")
  int maxSteps;

  @Option(names = "--selection-rule", defaultValue = "max-accuracy", description = "which evaluated candidate a step "
      + "keeps: max-accuracy (the paper's), or least-loss-per-latency-gain (accuracy lost per unit of latency gained, "
      + "so a candidate that overshoots tau is credited for it) (default: ${DEFAULT-VALUE})")
  String selectionRule;

  @Option(names = "--no-int8-cut", description = "do not offer the INT8 cut tensor as a search action")
  boolean noInt8;

  @Option(names = "--seed", defaultValue = "1", description = "seeds every candidate's fine-tune "
      + "(default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--finetune-images", defaultValue = "1024",
      description = "training images of each candidate's short fine-tune (default: ${DEFAULT-VALUE})")
  int fineTuneImages;

  @Option(names = "--recalibration-batches", defaultValue = "10",
      description = "batches of 64 images re-estimating batch-norm statistics (default: ${DEFAULT-VALUE})")
  int recalibrationBatches;

  @Option(names = "--val-images", defaultValue = "1000", description = "fixed stratified validation subset every "
      + "candidate is measured on, 0 = the whole validation split (default: ${DEFAULT-VALUE})")
  int validationImages;

  @Option(names = "--learning-rate", defaultValue = "0.01",
      description = "peak fine-tuning learning rate (default: ${DEFAULT-VALUE})")
  double learningRate;

  @Option(names = "--final-models", defaultValue = "0",
      description = "last models of the series that get the longer final fine-tune (default: ${DEFAULT-VALUE})")
  int finalModels;

  @Option(names = "--final-epochs", defaultValue = "1",
      description = "epochs of the final fine-tune over --final-images (default: ${DEFAULT-VALUE})")
  int finalEpochs;

  @Option(names = "--final-images", defaultValue = "10000",
      description = "training images of the final fine-tune (default: ${DEFAULT-VALUE})")
  int finalImages;

  SearchConfig config() {
    int width = switch (strategy.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "greedy" -> 1;
      case "beam" -> beamWidth;
      default -> throw new IllegalArgumentException("unknown --strategy '" + strategy + "'; known: greedy, beam");
    };
    if (width < 1) {
      throw new IllegalArgumentException("--beam-width must be >= 1, got " + width);
    }
    return SearchConfig.defaults().withBeamWidth(width)
        .withSchedule(StepSchedule.decaying(initialStep, stepDecay, minStep))
        .withMaxSteps(maxSteps).withQuantizeCutAction(!noInt8).withSeed(seed)
        .withSelectionRule(SelectionRule.named(selectionRule.trim()))
        .withFinalization(finalModels, finalModels > 0 ? finalEpochs : 0);
  }

  CompressionRecipe candidateRecipe() {
    return new CompressionRecipe(L1NormRanking.gammaScaled(), recalibrationBatches, fineTuneImages, 1, learningRate,
        validationImages, seed);
  }

  CompressionRecipe finalRecipe() {
    return new CompressionRecipe(L1NormRanking.gammaScaled(), recalibrationBatches, finalImages, finalEpochs,
        learningRate, validationImages, seed);
  }
}
