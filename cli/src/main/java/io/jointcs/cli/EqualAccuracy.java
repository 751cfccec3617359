package io.jointcs.cli;

import io.jointcs.search.SearchResult;
import io.jointcs.search.SeriesEntry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The headline comparison on one target: a JointCS model against the baseline's latency at the same accuracy, read
 * off the baseline's accuracy-latency Pareto curve — the fastest baseline model whose accuracy is at least the
 * JointCS accuracy minus {@link #TOLERANCE}. The pair only counts as equally accurate when that model is also at
 * most {@link #TOLERANCE} more accurate; a model far more accurate and slower is no comparison at all (it would
 * credit JointCS with speed bought by accuracy), and one far more accurate and faster dominates JointCS, which is
 * reported as such. Symmetrically, when every baseline model is less accurate than JointCS by more than the
 * tolerance, JointCS is set against the baseline's most accurate model: no slower, it dominates that baseline (more
 * accurate and faster), a win reported with its gap. The baseline model is picked by predicted latency; its
 * measured latency is that same model's.
 *
 * @param chosen whether the JointCS model is the one its search settled on
 * @param baselineId null when {@code pairing} is {@link Pairing#NO_COMPARABLE_MODEL}
 * @param accuracyGap baseline accuracy - JointCS accuracy, as a fraction (null without a baseline model)
 * @param predictedReduction 1 - JointCS / baseline, predicted (null without a baseline model)
 * @param measuredReduction the same with measured p50 latencies (null where either was not measured)
 */
record EqualAccuracy(String target, String baseline, String jointId, boolean chosen, double jointAccuracy,
    double jointPredictedMs, Double jointMeasuredMs, Pairing pairing, String baselineMethod, String baselineId,
    Double baselineAccuracy, Double accuracyGap, Double baselinePredictedMs, Double baselineMeasuredMs,
    Double predictedReduction, Double measuredReduction) {

  /** Accuracy (as a fraction: 0.005 = 0.5 points) by which two models count as equally accurate. */
  static final double TOLERANCE = 0.005;

  /** The union of every baseline's models: the paper's "best prior method" at each accuracy. */
  static final String BEST_BASELINE = "best baseline";

  enum Pairing {
    /** The baseline's fastest model within the accuracy band: a fair comparison. */
    EQUAL_ACCURACY,
    /** A baseline model more accurate by more than the tolerance and no slower: JointCS is dominated. */
    BASELINE_DOMINATES,
    /** Every baseline model is less accurate by more than the tolerance, and its most accurate one is no faster. */
    JOINTCS_DOMINATES,
    /** The baseline has no model within the band (only far more accurate, slower ones; or only less accurate, faster
     *  ones). */
    NO_COMPARABLE_MODEL
  }

  /** A baseline model, with the method it comes from. */
  private record Model(String method, SeriesEntry entry) {}

  /**
   * Every JointCS model of {@code joint} against every baseline, and against the best of them, on one target.
   *
   * @param measuredMs measured p50 of an entry on a target name, null when not measured
   */
  static List<EqualAccuracy> compare(String target, SearchResult joint, List<SearchResult> baselines,
      BiFunction<SeriesEntry, String, Double> measuredMs) {
    Map<String, List<Model>> curves = new LinkedHashMap<>();
    List<Model> union = new ArrayList<>();
    for (SearchResult b : baselines) {
      List<Model> models = b.series().stream().map(e -> new Model(b.method(), e)).toList();
      curves.put(b.method(), models);
      union.addAll(models);
    }
    curves.put(BEST_BASELINE, union);
    List<EqualAccuracy> rows = new ArrayList<>();
    for (SeriesEntry j : joint.series()) {
      for (Map.Entry<String, List<Model>> curve : curves.entrySet()) {
        rows.add(pair(target, curve.getKey(), j, j.id().equals(joint.chosenId()), curve.getValue(), measuredMs));
      }
    }
    return rows;
  }

  private static EqualAccuracy pair(String target, String baseline, SeriesEntry j, boolean chosen,
      List<Model> curve, BiFunction<SeriesEntry, String, Double> measuredMs) {
    double jointMs = j.cut(target).latencyMs();
    Double jointMeasured = measuredMs.apply(j, target);
    Optional<Model> fastest = curve.stream()
        .filter(m -> m.entry().reportedAccuracy() >= j.reportedAccuracy() - TOLERANCE)
        .min(Comparator.comparingDouble(m -> m.entry().cut(target).latencyMs()));
    Pairing pairing = fastest.map(m -> m.entry().reportedAccuracy() <= j.reportedAccuracy() + TOLERANCE
        ? Pairing.EQUAL_ACCURACY
        : m.entry().cut(target).latencyMs() <= jointMs ? Pairing.BASELINE_DOMINATES : Pairing.NO_COMPARABLE_MODEL)
        .orElse(Pairing.NO_COMPARABLE_MODEL);
    if (fastest.isEmpty()) {
      // all less accurate: the baseline's best accuracy (fastest among ties) is what JointCS must not be slower than
      fastest = curve.stream().max(Comparator.comparingDouble((Model m) -> m.entry().reportedAccuracy())
          .thenComparing(Comparator.comparingDouble((Model m) -> m.entry().cut(target).latencyMs()).reversed()));
      if (fastest.isPresent() && fastest.get().entry().cut(target).latencyMs() >= jointMs) {
        pairing = Pairing.JOINTCS_DOMINATES;
      }
    }
    if (pairing == Pairing.NO_COMPARABLE_MODEL) {
      return new EqualAccuracy(target, baseline, j.id(), chosen, j.reportedAccuracy(), jointMs, jointMeasured,
          pairing, null, null, null, null, null, null, null, null);
    }
    SeriesEntry b = fastest.get().entry();
    double baseMs = b.cut(target).latencyMs();
    Double baseMeasured = measuredMs.apply(b, target);
    Double measuredReduction = jointMeasured == null || baseMeasured == null ? null : 1 - jointMeasured / baseMeasured;
    return new EqualAccuracy(target, baseline, j.id(), chosen, j.reportedAccuracy(), jointMs, jointMeasured, pairing,
        fastest.get().method(), b.id(), b.reportedAccuracy(), b.reportedAccuracy() - j.reportedAccuracy(), baseMs,
        baseMeasured, 1 - jointMs / baseMs, measuredReduction);
  }

  /**
   * Per (target, baseline) in first-seen order: the equal-accuracy or JointCS-dominates pair with the largest
   * predicted reduction (the JointCS model that fares best against that baseline); without one, a pair where the
   * baseline dominates; without that, the chosen model's "no comparable model" row.
   */
  static List<EqualAccuracy> bestPairs(List<EqualAccuracy> rows) {
    Map<String, List<EqualAccuracy>> groups = new LinkedHashMap<>();
    for (EqualAccuracy r : rows) {
      groups.computeIfAbsent(r.target() + "\u0000" + r.baseline(), k -> new ArrayList<>()).add(r);
    }
    List<EqualAccuracy> best = new ArrayList<>();
    for (List<EqualAccuracy> group : groups.values()) {
      best.add(group.stream().filter(r -> r.pairing() == Pairing.EQUAL_ACCURACY
              || r.pairing() == Pairing.JOINTCS_DOMINATES)
          .max(Comparator.comparingDouble(EqualAccuracy::predictedReduction))
          .or(() -> group.stream().filter(r -> r.pairing() == Pairing.BASELINE_DOMINATES)
              .max(Comparator.comparingDouble(EqualAccuracy::predictedReduction)))
          .or(() -> group.stream().filter(EqualAccuracy::chosen).findFirst())
          .orElse(group.get(0)));
    }
    return best;
  }
}
