package io.jointcs.search.report;

import io.jointcs.search.ParetoFront;
import io.jointcs.search.SearchResult;
import io.jointcs.search.SeriesEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * The headline comparison of DESIGN section 2 on one target: at the accuracy of the method's chosen model, how
 * much lower its end-to-end latency is than the fastest baseline model at least as accurate.
 *
 * @param target target name
 * @param method the compared method, e.g. {@code jointcs-greedy}
 * @param accuracy accuracy of its chosen model
 * @param latencyMs its end-to-end latency
 * @param bestBaseline the baseline with the lowest latency at that accuracy (empty when none reaches it)
 * @param baselineLatencyMs that baseline's latency (NaN when none reaches the accuracy)
 * @param reduction 1 - latencyMs / baselineLatencyMs (NaN when no baseline reaches the accuracy)
 */
public record LatencyReduction(String target, String method, double accuracy, double latencyMs, String bestBaseline,
    double baselineLatencyMs, double reduction) {

  public static LatencyReduction of(SearchResult method, List<SearchResult> baselines, String target) {
    SeriesEntry chosen = method.chosen();
    double accuracy = chosen.reportedAccuracy();
    double latencyMs = chosen.cut(target).latencyMs();
    String best = "";
    double bestMs = Double.NaN;
    for (SearchResult baseline : baselines) {
      ParetoFront front = baseline.front(target);
      double ms = front.fastestAtAccuracy(accuracy);
      if (!Double.isNaN(ms) && (Double.isNaN(bestMs) || ms < bestMs)) {
        bestMs = ms;
        best = baseline.method();
      }
    }
    double reduction = Double.isNaN(bestMs) ? Double.NaN : 1 - latencyMs / bestMs;
    return new LatencyReduction(target, method.method(), accuracy, latencyMs, best, bestMs, reduction);
  }

  /** The comparison on every target of the method. */
  public static List<LatencyReduction> onEveryTarget(SearchResult method, List<SearchResult> baselines) {
    List<LatencyReduction> out = new ArrayList<>();
    method.targets().forEach(t -> out.add(of(method, baselines, t.name())));
    return out;
  }
}
