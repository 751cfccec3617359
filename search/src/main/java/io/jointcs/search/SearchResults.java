package io.jointcs.search;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Shared steps of assembling a result: choosing the model, tracing its lineage, wording the outcome. */
public final class SearchResults {
  private SearchResults() {}

  /**
   * The most accurate entry that meets the goal (ties: the earlier); when none does, the one with the lowest
   * normalized latency (ties: the more accurate, then the earlier).
   */
  public static SeriesEntry choose(List<SeriesEntry> entries) {
    if (entries.isEmpty()) {
      throw new IllegalArgumentException("no model to choose from");
    }
    SeriesEntry best = null;
    for (SeriesEntry e : entries) {
      if (e.meetsGoal() && (best == null || e.reportedAccuracy() > best.reportedAccuracy())) {
        best = e;
      }
    }
    if (best != null) {
      return best;
    }
    for (SeriesEntry e : entries) {
      if (best == null || e.normalizedLatency() < best.normalizedLatency()
          || (e.normalizedLatency() == best.normalizedLatency() && e.reportedAccuracy() > best.reportedAccuracy())) {
        best = e;
      }
    }
    return best;
  }

  /** The states from the root to {@code last}, following parent ids. */
  public static List<SeriesEntry> lineage(SeriesEntry last, List<SeriesEntry> accepted) {
    Map<String, SeriesEntry> byId = new HashMap<>();
    accepted.forEach(e -> byId.put(e.id(), e));
    List<SeriesEntry> path = new ArrayList<>();
    for (SeriesEntry e = last; e != null; e = e.parentId().isEmpty() ? null : byId.get(e.parentId())) {
      path.add(0, e);
    }
    return path;
  }

  public static List<ParetoFront> fronts(List<TargetSpec> targets, List<SeriesEntry> entries) {
    return targets.stream().map(t -> ParetoFront.of(t.name(), entries)).toList();
  }

  /** "pi@wifi 41.2 ms (goal 45.0 ms, cut 7 of INT8), ..." */
  public static String describe(SeriesEntry entry, List<Double> goalsMs) {
    StringBuilder out = new StringBuilder();
    for (int t = 0; t < entry.cuts().size(); t++) {
      TargetCut cut = entry.cuts().get(t);
      if (t > 0) {
        out.append(", ");
      }
      out.append(String.format(Locale.ROOT, "%s %.2f ms (goal %.2f ms, cut %d)", cut.target(), cut.latencyMs(),
          goalsMs.get(t), cut.cutPoint()));
    }
    out.append(String.format(Locale.ROOT, ", accuracy %.4f, normalized latency %.4f", entry.reportedAccuracy(),
        entry.normalizedLatency()));
    return out.toString();
  }
}
