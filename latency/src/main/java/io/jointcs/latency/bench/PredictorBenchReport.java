package io.jointcs.latency.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.jointcs.json.Json;
import io.jointcs.latency.mobilegpu.BenchmarkReport;
import io.jointcs.latency.mobilegpu.BenchmarkReport.AdaptationResult;
import io.jointcs.latency.prediction.AccuracyMetrics;
import io.jointcs.latency.prediction.InvocationOverhead;
import io.jointcs.latency.profiling.ProfileSummary;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Result of {@link PredictorBenchmark}: per device class measured on this machine and per predictor, accuracy on
 * held-out layer configurations and on held-out whole pruned models; the few-sample adaptation curve between the
 * device classes; and the phone-GPU benchmark on the real phone data (null when that data set is absent).
 */
public record PredictorBenchReport(List<DeviceClassResult> deviceClasses, List<AdaptationResult> adaptation,
    BenchmarkReport mobileGpu, List<String> notes, double elapsedSec, double loadAverageStart,
    double loadAverageEnd, boolean contended) {

  /**
   * One device class of this machine.
   *
   * @param profile what the profiling measured and how noisy it was (layer and whole-model records together)
   * @param trainingSamples layers the predictors were trained on: the training share of the sampled configurations
   *     plus every layer of the training models
   * @param heldOutConfigurations sampled layer configurations never trained on
   * @param trainingModels pruned models whose layers and invocations (whole, heads, tails) were fitted on
   * @param heldOutModels pruned models never fitted on
   * @param trainingRanges invocations of the training models the overhead was fitted on
   * @param overhead invocation overhead fitted on the training models (NONE with fewer than 3)
   * @param overheadTerms the terms chosen by leave-one-model-out cross-validation on the training models
   * @param overheadCrossValidatedMape that cross-validation's error per candidate term set (training models only)
   * @param measuredLayersPlusOverhead the held-out models' measured layer sums plus the overhead against their
   *     measured latency: the whole-model error a perfect layer predictor would still have
   * @param measuredSplitsPlusOverhead the same for the heads and tails of the held-out models
   * @param measuredLayersOnly the held-out models' measured layer sums alone: the gap the overhead has to close
   * @param layersRemeasured the held-out layer configurations timed again, against their first measurement: the
   *     measurement noise every predictor's layer figures are judged under (their ceiling)
   */
  public record DeviceClassResult(String deviceClass, ProfileSummary profile, int trainingSamples,
      int heldOutConfigurations, int trainingModels, int heldOutModels, int trainingRanges,
      InvocationOverhead overhead, String overheadTerms, Map<String, Double> overheadCrossValidatedMape,
      List<PredictorResult> predictors, AccuracyMetrics measuredLayersPlusOverhead,
      AccuracyMetrics measuredSplitsPlusOverhead, AccuracyMetrics measuredLayersOnly,
      Remeasurement layersRemeasured) {}

  /**
   * The held-out layers timed a second time, minutes after the first.
   *
   * @param againstFirst the second measurement against the first
   * @param medianRatio median of second / first: a level shift of the whole machine between the two passes
   * @param levelShiftRemoved the second measurement divided by that median, against the first: what is left is
   *     noise of the individual layers
   */
  public record Remeasurement(AccuracyMetrics againstFirst, double medianRatio, AccuracyMetrics levelShiftRemoved) {}

  /**
   * @param layers accuracy on the held-out layer configurations the predictor predicts
   * @param refusedLayers held-out configurations it refuses (a lookup table without their layer group)
   * @param models accuracy of the predicted whole-model latency (layer sum plus overhead) of held-out models
   * @param splits the same for the heads and tails of every inner cut of the held-out models
   * @param extrapolatedShare share of held-out configurations flagged as extrapolated
   * @param serializedBytes size of the serialized predictor
   */
  public record PredictorResult(String predictor, AccuracyMetrics layers, int refusedLayers, AccuracyMetrics models,
      AccuracyMetrics splits, double extrapolatedShare, long serializedBytes, double trainSec) {}

  public String toJson() {
    try {
      return Json.mapper().writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the predictor benchmark report as JSON", e);
    }
  }

  public String toMarkdown() {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "# Latency predictors: accuracy on held-out data (%.0f s)%n%n", elapsedSec));
    b.append(String.format(Locale.ROOT, "Machine: %s. Load average %.2f at the start, %.2f at the end.%n%n",
        contended ? "**CONTENDED** (other processes competed for the CPU while measuring: see the device classes "
            + "and notes; re-run on a quiet machine for figures to quote)" : "quiet (no measurable contention)",
        loadAverageStart, loadAverageEnd));
    if (!deviceClasses.isEmpty()) {
      b.append("## Device classes of this machine (real configurations, nothing emulated)\n\n");
      for (DeviceClassResult d : deviceClasses) {
        ProfileSummary p = d.profile();
        b.append(String.format(Locale.ROOT, "- %s on %s (%s): %d training layers, %d held-out configurations, %d "
                + "training / %d held-out pruned models (%d training invocations: whole, heads, tails); measurement "
                + "spread (p90-p10)/median: median %.1f%%, p90 %.1f%%; %s: %.1f%% of timed runs preempted, %.1f%% of "
                + "timed time waiting for the CPU, load average %.2f on %d CPU(s); overhead %s (terms %s chosen by "
                + "leave-one-model-out CV on the training models: %s)%n",
            d.deviceClass(), p.device().cpuModel(), p.device().pinned() ? "pinned to CPU(s) " + p.device().cpusAllowed()
                : "not pinned", d.trainingSamples(), d.heldOutConfigurations(), d.trainingModels(), d.heldOutModels(),
            d.trainingRanges(), 100 * p.medianRelativeSpread(), 100 * p.p90RelativeSpread(),
            p.contended() ? "**CONTENDED**" : "quiet", 100 * p.preemptedRunShare(), 100 * p.runQueueWaitShare(),
            p.device().loadAverage(), p.device().onlineCpus(), d.overhead().describe(), d.overheadTerms(),
            cv(d.overheadCrossValidatedMape())));
      }
      b.append("\n| device class | predictor | layers | layers RMSE ms | layers MAPE | layers ±5% | layers ±10% "
          + "| models | models RMSE ms | models MAPE | models ±5% | models ±10% | heads+tails | h+t MAPE | h+t ±10% "
          + "| extrapolated | bytes |\n");
      b.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
      for (DeviceClassResult d : deviceClasses) {
        for (PredictorResult r : d.predictors()) {
          String name = r.refusedLayers() == 0 ? r.predictor() : r.predictor() + " (" + r.refusedLayers() + " refused)";
          b.append(row(d.deviceClass(), name, r.layers(), r.models(), r.splits(), pct(r.extrapolatedShare()),
              Long.toString(r.serializedBytes())));
        }
        if (d.layersRemeasured() != null) {
          Remeasurement again = d.layersRemeasured();
          b.append(row(d.deviceClass(), "same layers measured again (noise ceiling)", again.againstFirst(), null,
              null, "-", "-"));
          b.append(row(d.deviceClass(), String.format(Locale.ROOT, "measured again, level shift x%.3f removed",
              again.medianRatio()), again.levelShiftRemoved(), null, null, "-", "-"));
        }
        if (d.measuredLayersOnly() != null) {
          b.append(row(d.deviceClass(), "measured layers, no overhead", null, d.measuredLayersOnly(), null, "-", "-"));
        }
        if (d.measuredLayersPlusOverhead() != null) {
          b.append(row(d.deviceClass(), "measured layers + overhead", null, d.measuredLayersPlusOverhead(),
              d.measuredSplitsPlusOverhead(), "-", "-"));
        }
      }
    }
    if (!adaptation.isEmpty()) {
      b.append("\n## Few-sample adaptation between device classes (held-out configurations of the target)\n\n");
      b.append("| source | target | samples | method | repeats | RMSE ms | MAPE | ±5% | ±10% |\n");
      b.append("|---|---|---|---|---|---|---|---|---|\n");
      for (AdaptationResult a : adaptation) {
        b.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %d | %.4f | %s | %s | %s |%n", a.source(),
            a.target(), a.samples(), a.method(), a.repeats(), a.rmseMs(), pct(a.mape()), pct(a.within5Pct()),
            pct(a.within10Pct())));
      }
    }
    if (mobileGpu != null) {
      b.append("\n").append(mobileGpu.toMarkdown().replaceFirst("^# ", "## ").replace("\n## ", "\n### "));
    }
    if (!notes.isEmpty()) {
      b.append("\n## Notes\n\n");
      notes.forEach(n -> b.append("- ").append(n).append('\n'));
    }
    return b.toString();
  }

  private static String row(String deviceClass, String predictor, AccuracyMetrics l, AccuracyMetrics m,
      AccuracyMetrics s, String extrapolated, String bytes) {
    return String.format(Locale.ROOT,
        "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
        deviceClass, predictor, l == null ? "-" : l.count(), l == null ? "-" : ms(l.rmseMs()),
        l == null ? "-" : pct(l.mape()), l == null ? "-" : pct(l.within5Pct()), l == null ? "-" : pct(l.within10Pct()),
        m == null ? "-" : m.count(), m == null ? "-" : ms(m.rmseMs()), m == null ? "-" : pct(m.mape()),
        m == null ? "-" : pct(m.within5Pct()), m == null ? "-" : pct(m.within10Pct()), s == null ? "-" : s.count(),
        s == null ? "-" : pct(s.mape()), s == null ? "-" : pct(s.within10Pct()), extrapolated, bytes);
  }

  private static String cv(Map<String, Double> errors) {
    StringBuilder b = new StringBuilder();
    errors.forEach((terms, e) -> b.append(b.length() == 0 ? "" : ", ").append(terms).append(' ')
        .append(Double.isNaN(e) ? "n/a" : pct(e)));
    return b.length() == 0 ? "none" : b.toString();
  }

  private static String ms(double value) {
    return String.format(Locale.ROOT, "%.4f", value);
  }

  private static String pct(double fraction) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * fraction);
  }
}
