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
import io.jointcs.events.ModelLatencySample;
import io.jointcs.latency.prediction.AccuracyMetrics;
import io.jointcs.latency.prediction.InvocationOverhead;
import io.jointcs.latency.profiling.ModelNames;
import io.jointcs.latency.telemetry.LayerLatencySampleJsonl;
import io.jointcs.latency.telemetry.ModelLatencySampleJsonl;
import io.jointcs.latency.telemetry.ModelTelemetry;
import io.jointcs.latency.training.ModelMeasurement;
import io.jointcs.latency.training.WholeModelFit;
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
        "The predictor written is the one the metrics describe: trained without the held-out share.",
        "With --model-samples (ModelLatencySample lines: whole models, heads, tails), the invocation overhead is "
            + "fitted on the models not held out and the whole-model error is reported on the held-out ones."})
final class PredictorTrainCommand implements Callable<Integer> {
  @Option(names = "--samples", required = true, split = ",",
      description = "JSON Lines file(s) of LayerLatencySample records (docs/latency-samples.md)")
  List<Path> samples;

  @Option(names = "--model-samples", split = ",",
      description = "JSON Lines file(s) of ModelLatencySample records: WHOLE, HEAD and TAIL lines fit the invocation "
          + "overhead (docs/latency-samples.md#whole-model-samples); SPLIT lines are counted, not fitted")
  List<Path> modelSamples;

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
    WholeModels whole = modelSamples == null ? null : wholeModels(trained, split);
    if (whole != null) {
      trained = new TrainedPredictor(whole.fit().predictor(), trained.version(), trained.metrics());
    }
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
      if (whole != null) {
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("trainingSamples", whole.training().size());
        w.put("heldOutSamples", whole.heldOut().size());
        w.put("splitSamplesNotFitted", whole.splits());
        w.put("overheadFitted", whole.fit().fitted());
        w.put("overhead", trained.predictor().overhead());
        w.put("note", whole.fit().note());
        w.put("heldOutMetrics", whole.heldOutMetrics());
        w.put("heldOutMetricsWithoutOverhead", whole.heldOutBare());
        result.put("wholeModels", w);
      }
      System.out.println(Json.mapper().writeValueAsString(result));
    } else {
      System.out.printf(Locale.ROOT, "%s predictor of %s (feature set %s), trained on %d of %d samples; %d held-out "
              + "model(s), %d samples: RMSE %.4f ms, MAPE %.1f%%, within ±5%% %.1f%%, within ±10%% %.1f%% -> %s "
              + "(%d bytes)%n", PredictorNames.nameOf(kind), deviceClass, trained.predictor().featureSet().id(),
          m.trainingSampleCount(), all.size(), split.validationModels().size(), m.validationSampleCount(),
          m.rmseMs(), 100 * m.mape(), 100 * m.within5Pct(), 100 * m.within10Pct(), out, bytes.length);
      if (whole != null) {
        System.out.printf(Locale.ROOT, "whole models: %s; %d training and %d held-out measurement(s), %d SPLIT "
            + "line(s) not fitted%n", whole.fit().note(), whole.training().size(), whole.heldOut().size(),
            whole.splits());
        if (whole.heldOutMetrics() != null) {
          System.out.printf(Locale.ROOT, "held-out whole models, heads and tails: MAPE %.1f%% (layer sum alone "
              + "%.1f%%), within ±10%% %.1f%%%n", 100 * whole.heldOutMetrics().mape(),
              100 * whole.heldOutBare().mape(), 100 * whole.heldOutMetrics().within10Pct());
        }
      }
    }
    return 0;
  }

  /**
   * @param training measurements of models not held out (the overhead is fitted on them)
   * @param heldOut measurements of held-out models
   * @param splits SPLIT lines read and not fitted
   */
  record WholeModels(List<ModelMeasurement> training, List<ModelMeasurement> heldOut, int splits,
      WholeModelFit.Result fit, AccuracyMetrics heldOutMetrics, AccuracyMetrics heldOutBare) {}

  /**
   * Reads the model sample files and fits the overhead of {@code trained} on the models the layer split did not hold
   * out. A model is held out when its spec text or its ModelNames id is one of the held-out layer models, so the
   * same models stay held out for layers and whole models.
   */
  private WholeModels wholeModels(TrainedPredictor trained, HoldOutSplit split) {
    java.util.Set<String> heldOutModels = new java.util.HashSet<>(split.validationModels());
    List<ModelMeasurement> training = new java.util.ArrayList<>();
    List<ModelMeasurement> heldOut = new java.util.ArrayList<>();
    int splits = 0;
    for (Path file : modelSamples) {
      List<ModelLatencySample> lines = ModelLatencySampleJsonl.read(file);
      for (int i = 0; i < lines.size(); i++) {
        ModelLatencySample s = lines.get(i);
        if (!ModelMeasurement.fittable(s)) {
          splits++;
          continue;
        }
        ModelMeasurement m = ModelMeasurement.of(file + "#" + i, s);
        String id = ModelNames.of(ModelTelemetry.parseSpec(s.getModelSpec()));
        (heldOutModels.contains(m.modelName()) || heldOutModels.contains(id) ? heldOut : training).add(m);
      }
    }
    WholeModelFit.Result fit = WholeModelFit.fit(trained.predictor(), training);
    AccuracyMetrics held = heldOut.isEmpty() ? null : WholeModelFit.evaluate(fit.predictor(), heldOut);
    AccuracyMetrics bare = heldOut.isEmpty() ? null
        : WholeModelFit.evaluate(fit.predictor().withOverhead(InvocationOverhead.NONE), heldOut);
    return new WholeModels(training, heldOut, splits, fit, held, bare);
  }
}
