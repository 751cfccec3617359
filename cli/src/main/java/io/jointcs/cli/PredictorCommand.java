package io.jointcs.cli;

import io.jointcs.latency.prediction.FeatureSetId;
import io.jointcs.latency.prediction.FeatureSets;
import io.jointcs.latency.prediction.PredictorCodec;
import io.jointcs.latency.prediction.TrainedPredictor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;

/** {@code jointcs predictor}: latency predictors from layer-latency sample files (docs/latency-samples.md). */
@Command(name = "predictor", mixinStandardHelpOptions = true,
    description = "Train, inspect and apply latency predictors from layer-latency sample files (JSON Lines of the "
        + "LayerLatencySample telemetry record, see docs/latency-samples.md), and convert other tools' data to them.",
    subcommands = {PredictorTrainCommand.class, PredictorInfoCommand.class, PredictorPredictCommand.class,
        PredictorConvertCommand.class})
final class PredictorCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Reads a predictor file, requiring {@code expected} when given; errors name the file. */
  static TrainedPredictor read(Path file, FeatureSetId expected) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("predictor file " + file + " does not exist");
    }
    try {
      return PredictorCodec.decode(Files.readAllBytes(file), expected);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /** The implemented feature set of that name; an error listing the names otherwise. */
  static FeatureSetId featureSet(String name) {
    return Arrays.stream(FeatureSets.values()).filter(s -> s.featureSetName().equals(name)).findFirst()
        .map(FeatureSets::id)
        .orElseThrow(() -> new IllegalArgumentException("unknown feature set '" + name + "'; implemented: "
            + Arrays.stream(FeatureSets.values()).map(FeatureSets::featureSetName).collect(Collectors.joining(", "))));
  }
}
