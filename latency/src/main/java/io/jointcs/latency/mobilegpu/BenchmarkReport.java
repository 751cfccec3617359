package io.jointcs.latency.mobilegpu;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.jointcs.json.Json;
import io.jointcs.latency.prediction.AccuracyMetrics;
import java.util.List;
import java.util.Locale;

/**
 * Result of {@link MobileGpuBenchmark}: accuracy per runtime, device and predictor on operators and whole models
 * the predictors never saw, and the few-sample adaptation curve.
 */
public record BenchmarkReport(String datasetDir, long seed, double heldOutFraction, List<ConversionReport> conversions,
    List<SplitInfo> splits, List<PredictorResult> predictors, List<AdaptationResult> adaptation, List<String> notes,
    double runtimeSec) {

  /** The held-out models of one runtime. */
  public record SplitInfo(String runtime, int trainingModels, List<String> heldOutModels) {}

  /**
   * One predictor on one device.
   *
   * @param layers accuracy on the operators of held-out models; null for the measured-operator reference row
   * @param unpredictedLayers held-out operators the predictor refused (a lookup table without their layer group);
   *     left out of {@code layers}, and their models out of {@code models}
   * @param models accuracy of summed whole-model latency (with the fitted invocation overhead) against the
   *     measured end-to-end latency of held-out models; null where the device has no complete model
   * @param extrapolatedShare share of held-out operators the predictor flagged as extrapolated
   * @param serializedBytes size of the serialized predictor
   */
  public record PredictorResult(String runtime, String device, String predictor, int trainingSamples,
      AccuracyMetrics layers, int unpredictedLayers, AccuracyMetrics models, double extrapolatedShare, long serializedBytes,
      double trainSec) {}

  /**
   * Mean accuracy over repeated draws of {@code samples} target measurements.
   *
   * @param method {@code adapt-*} (correction of the source device's learned predictor) or {@code scratch-*}
   *     (trained on the same samples only)
   */
  public record AdaptationResult(String runtime, String source, String target, int samples, String method,
      int repeats, double mape, double within5Pct, double within10Pct, double rmseMs) {}

  public String toJson() {
    try {
      return Json.mapper().writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the benchmark report as JSON", e);
    }
  }

  public String toMarkdown() {
    StringBuilder b = new StringBuilder();
    b.append("# Latency predictors on real phone GPUs\n\n");
    b.append(String.format(Locale.ROOT, "Dataset `%s`, seed %d, %.0f%% of models held out; %.0f s.%n%n", datasetDir,
        seed, 100 * heldOutFraction, runtimeSec));
    for (ConversionReport c : conversions) {
      b.append(String.format(Locale.ROOT, "- %s: %d operator rows of %d models; kinds %s; unmapped kept as OTHER %s; "
          + "missing measurements %s%n", c.source(), c.rows(), c.models(), c.rowsByKind(), c.unmappedOperations(),
          c.missingByDevice()));
    }
    for (SplitInfo s : splits) {
      b.append(String.format(Locale.ROOT, "- %s: trained on %d models, held out %d: %s%n", s.runtime(),
          s.trainingModels(), s.heldOutModels().size(), String.join(", ", s.heldOutModels())));
    }
    b.append("\n## Held-out operators and whole models\n\n");
    b.append("| runtime | device | predictor | train ops | test ops | ops MAPE | ops ±5% | ops ±10% | ops RMSE ms "
        + "| models | models MAPE | models ±5% | models ±10% | models RMSE ms | extrapolated | bytes | train s |\n");
    b.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (PredictorResult r : predictors) {
      AccuracyMetrics l = r.layers();
      AccuracyMetrics m = r.models();
      b.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s "
              + "| %s | %d | %.1f |%n", r.runtime(), r.device(), r.predictor(), r.trainingSamples(),
          l == null ? "-" : l.count() + (r.unpredictedLayers() > 0 ? " (+" + r.unpredictedLayers() + " refused)" : ""),
          l == null ? "-" : pct(l.mape()), l == null ? "-" : pct(l.within5Pct()),
          l == null ? "-" : pct(l.within10Pct()), l == null ? "-" : String.format(Locale.ROOT, "%.3f", l.rmseMs()),
          m == null ? "-" : String.valueOf(m.count()), m == null ? "-" : pct(m.mape()),
          m == null ? "-" : pct(m.within5Pct()), m == null ? "-" : pct(m.within10Pct()),
          m == null ? "-" : String.format(Locale.ROOT, "%.2f", m.rmseMs()), pct(r.extrapolatedShare()),
          r.serializedBytes(), r.trainSec()));
    }
    b.append("\n## Few-sample adaptation (held-out operators of the target)\n\n");
    b.append("| runtime | source | target | samples | method | repeats | MAPE | ±5% | ±10% | RMSE ms |\n");
    b.append("|---|---|---|---|---|---|---|---|---|---|\n");
    for (AdaptationResult a : adaptation) {
      b.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %s | %d | %s | %s | %s | %.3f |%n", a.runtime(),
          a.source(), a.target(), a.samples(), a.method(), a.repeats(), pct(a.mape()), pct(a.within5Pct()),
          pct(a.within10Pct()), a.rmseMs()));
    }
    if (!notes.isEmpty()) {
      b.append("\n## Notes\n\n");
      notes.forEach(n -> b.append("- ").append(n).append('\n'));
    }
    return b.toString();
  }

  private static String pct(double fraction) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * fraction);
  }
}
