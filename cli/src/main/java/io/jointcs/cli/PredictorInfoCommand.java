package io.jointcs.cli;

import io.jointcs.json.Json;
import io.jointcs.latency.prediction.InvocationOverhead;
import io.jointcs.latency.prediction.LatencyPredictor;
import io.jointcs.latency.prediction.PredictorNames;
import io.jointcs.latency.prediction.TrainedPredictor;
import io.jointcs.latency.prediction.ValidationMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jointcs predictor info FILE}: what a predictor file holds. */
@Command(name = "info", mixinStandardHelpOptions = true,
    description = "Device class, kind, version, feature set, invocation overhead and validation metrics of a "
        + "predictor file.")
final class PredictorInfoCommand implements Callable<Integer> {
  @Parameters(index = "0", description = "predictor file") Path file;

  @Option(names = "--json", description = "print as JSON") boolean json;

  @Override
  public Integer call() throws Exception {
    TrainedPredictor trained = PredictorCommand.read(file, null);
    LatencyPredictor p = trained.predictor();
    ValidationMetrics m = trained.metrics();
    InvocationOverhead o = p.overhead();
    if (json) {
      Map<String, Object> info = new LinkedHashMap<>();
      info.put("file", file.toString());
      info.put("bytes", Files.size(file));
      info.put("deviceClass", p.deviceClass());
      info.put("predictor", PredictorNames.nameOf(p.kind()));
      info.put("version", trained.version());
      info.put("featureSet", p.featureSet().id().toString());
      info.put("overhead", o);
      info.put("metrics", m);
      System.out.println(Json.mapper().writeValueAsString(info));
      return 0;
    }
    System.out.printf(Locale.ROOT, "%s: %s predictor of %s, version %d, feature set %s, %d bytes%n", file,
        PredictorNames.nameOf(p.kind()), p.deviceClass(), trained.version(), p.featureSet().id(), Files.size(file));
    System.out.printf(Locale.ROOT, "invocation overhead: %s%n", o.describe());
    if (m == null) {
      System.out.println("validation metrics: none");
    } else {
      System.out.printf(Locale.ROOT, "validation: %d samples (trained on %d): RMSE %.4f ms, MAPE %.1f%%, within ±5%% "
              + "%.1f%%, within ±10%% %.1f%%%n", m.validationSampleCount(), m.trainingSampleCount(), m.rmseMs(),
          100 * m.mape(), 100 * m.within5Pct(), 100 * m.within10Pct());
    }
    return 0;
  }
}
