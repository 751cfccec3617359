package io.jointcs.cli;

import io.jointcs.json.Json;
import io.jointcs.latency.prediction.BoostedTreesConfig;
import io.jointcs.latency.prediction.HoldOutSplit;
import io.jointcs.latency.prediction.LayerLatencySample;
import io.jointcs.latency.prediction.PredictorCodec;
import io.jointcs.latency.prediction.PredictorKind;
import io.jointcs.latency.prediction.PredictorNames;
import io.jointcs.latency.prediction.PredictorTrainer;
import io.jointcs.latency.prediction.TrainedPredictor;
import io.jointcs.latency.prediction.TrainingDomain;
import io.jointcs.latency.prediction.ValidationMetrics;
import io.jointcs.latency.telemetry.LayerLatencySampleJsonl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jointcs predictor train}: one predictor of one device class from sample files. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = {"Train a latency predictor of one device class on layer-latency samples and validate it on whole "
        + "held-out models (layers without a model name count as models of their own).",
        "The predictor written is the one the metrics describe: trained without the held-out share."})
final class PredictorTrainCommand implements Callable<Integer> {
  @Option(names = "--samples", required = true, split = ",",
      description = "JSON Lines file(s) of LayerLatencySample records (docs/latency-samples.md)")
  List<Path> samples;

  @Option(names = "--device-class", required = true,
      description = "device class the samples were measured on (the files do not name it)")
  String deviceClass;

  @Option(names = "--predictor", defaultValue = "boosted-trees",
      description = "macs-linear, lookup or boosted-trees (default: ${DEFAULT-VALUE})")
  String predictor;

  @Option(names = "--held-out", defaultValue = "0.2",
      description = "share of models held out for validation (default: ${DEFAULT-VALUE})")
  double heldOut;

  @Option(names = "--seed", defaultValue = "42", description = "seed of the hold-out split and of the trees")
  long seed;

  @Option(names = "--version", defaultValue = "1", description = "predictor version stamped on the file")
  long version;

  @Option(names = "--out", required = true, description = "predictor file to write")
  Path out;

  @Option(names = "--json", description = "print the result as JSON") boolean json;

  @Override
  public Integer call() throws Exception {
    PredictorKind kind = PredictorNames.parse(predictor);
    if (deviceClass.isBlank()) {
      throw new IllegalArgumentException("--device-class must not be blank");
    }
    List<LayerLatencySample> all = samples.stream()
        .flatMap(file -> LayerLatencySampleJsonl.read(file, deviceClass).stream()).toList();
    if (all.isEmpty()) {
      throw new IllegalArgumentException("no samples in " + samples);
    }
    PredictorTrainer.Options options = new PredictorTrainer.Options(heldOut, seed, TrainingDomain.DEFAULT_MARGIN,
        BoostedTreesConfig.gradientBoosted().withSeed(seed));
    HoldOutSplit split = HoldOutSplit.byModel(all, heldOut, seed);
    TrainedPredictor trained = PredictorTrainer.trainAndValidate(kind, all, options, version);
    byte[] bytes = PredictorCodec.encode(trained);
    Files.write(out, bytes);
    ValidationMetrics m = trained.metrics();
    if (json) {
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("out", out.toString());
      result.put("deviceClass", deviceClass);
      result.put("predictor", PredictorNames.nameOf(kind));
      result.put("featureSet", trained.predictor().featureSet().id().toString());
      result.put("samples", all.size());
      result.put("heldOutModels", split.validationModels().size());
      result.put("serializedBytes", bytes.length);
      result.put("metrics", m);
      System.out.println(Json.mapper().writeValueAsString(result));
    } else {
      System.out.printf(Locale.ROOT, "%s predictor of %s (feature set %s), trained on %d of %d samples; %d held-out "
              + "model(s), %d samples: RMSE %.4f ms, MAPE %.1f%%, within ±5%% %.1f%%, within ±10%% %.1f%% -> %s "
              + "(%d bytes)%n", PredictorNames.nameOf(kind), deviceClass, trained.predictor().featureSet().id(),
          m.trainingSampleCount(), all.size(), split.validationModels().size(), m.validationSampleCount(),
          m.rmseMs(), 100 * m.mape(), 100 * m.within5Pct(), 100 * m.within10Pct(), out, bytes.length);
    }
    return 0;
  }
}
