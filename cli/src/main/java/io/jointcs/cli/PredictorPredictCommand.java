package io.jointcs.cli;

import io.jointcs.json.Json;
import io.jointcs.latency.prediction.AccuracyMetrics;
import io.jointcs.latency.prediction.LatencyPredictor;
import io.jointcs.latency.prediction.LayerLatencySample;
import io.jointcs.latency.prediction.Prediction;
import io.jointcs.latency.prediction.PredictorTrainer;
import io.jointcs.latency.telemetry.LayerLatencySampleJsonl;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jointcs predictor predict}: a predictor applied to the layers of a sample file, against their latencies. */
@Command(name = "predict", mixinStandardHelpOptions = true,
    description = "Predict the layers of a layer-latency sample file with a predictor file and compare with their "
        + "measured latencies (RMSE, MAPE, share within ±5%% and ±10%%, extrapolated share).")
final class PredictorPredictCommand implements Callable<Integer> {
  @Option(names = "--predictor", required = true, description = "predictor file") Path predictorFile;

  @Option(names = "--samples", required = true, description = "JSON Lines of LayerLatencySample records")
  Path samples;

  @Option(names = "--feature-set",
      description = "require the predictor to use this feature set (e.g. layer-log-gpu); another one is an error")
  String featureSet;

  @Option(names = "--json", description = "print as JSON") boolean json;

  @Override
  public Integer call() throws Exception {
    LatencyPredictor p = PredictorCommand.read(predictorFile,
        featureSet == null ? null : PredictorCommand.featureSet(featureSet)).predictor();
    List<LayerLatencySample> layers = LayerLatencySampleJsonl.read(samples, p.deviceClass());
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("no samples in " + samples);
    }
    List<Prediction> predicted = p.predictEach(layers.stream().map(LayerLatencySample::features).toList());
    AccuracyMetrics metrics = PredictorTrainer.evaluate(p, layers);
    double extrapolated = predicted.stream().filter(Prediction::extrapolated).count() / (double) predicted.size();
    if (json) {
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("deviceClass", p.deviceClass());
      result.put("metrics", metrics);
      result.put("extrapolatedShare", extrapolated);
      result.put("predictedMs", predicted.stream().map(Prediction::latencyMs).toList());
      System.out.println(Json.mapper().writeValueAsString(result));
    } else {
      System.out.printf(Locale.ROOT, "%d layers of %s predicted for %s: RMSE %.4f ms, MAPE %.1f%%, within ±5%% %.1f%%, "
              + "within ±10%% %.1f%%; %.1f%% flagged as extrapolated%n", metrics.count(), samples, p.deviceClass(),
          metrics.rmseMs(), 100 * metrics.mape(), 100 * metrics.within5Pct(), 100 * metrics.within10Pct(),
          100 * extrapolated);
    }
    return 0;
  }
}
