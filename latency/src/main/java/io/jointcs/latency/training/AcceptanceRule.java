package io.jointcs.latency.training;

import io.jointcs.latency.prediction.AccuracyMetrics;

/**
 * Whether a retrained predictor may replace the current one: it must not be worse on the same hold-out. The
 * comparison metric is MAPE (lower is better) or the share within 10% (higher is better); {@code tolerance} is
 * how much worse, in the metric's own units, still counts as "not worse" (0: strictly not worse).
 */
public record AcceptanceRule(Metric metric, double tolerance) {

  public enum Metric {
    /** mean absolute percentage error, as a fraction; lower is better */
    MAPE,
    /** share of hold-out samples predicted within 10%; higher is better */
    WITHIN_10_PCT
  }

  public AcceptanceRule {
    if (metric == null) {
      throw new IllegalArgumentException("acceptance rule: metric is missing");
    }
    if (!(tolerance >= 0) || !Double.isFinite(tolerance)) {
      throw new IllegalArgumentException("acceptance tolerance must be finite and >= 0, got " + tolerance);
    }
  }

  public static AcceptanceRule notWorseMape() {
    return new AcceptanceRule(Metric.MAPE, 0);
  }

  /**
   * The verdict on a candidate.
   *
   * @param current the current predictor on the same hold-out; null when there is none or it cannot be used
   * @param currentProblem why the current one cannot be used (null when it can, or when there is none)
   */
  public Verdict judge(AccuracyMetrics candidate, AccuracyMetrics current, String currentProblem) {
    if (!Double.isFinite(candidate.mape()) || !Double.isFinite(candidate.rmseMs())) {
      return new Verdict(false, "candidate metrics are not finite (MAPE " + candidate.mape() + ")", candidate,
          current);
    }
    if (current == null) {
      return new Verdict(true, currentProblem == null ? "first predictor of the class"
          : "the current predictor cannot be used: " + currentProblem, candidate, null);
    }
    if (current.count() != candidate.count()) {
      throw new IllegalArgumentException("candidate and current were judged on different hold-outs ("
          + candidate.count() + " vs " + current.count() + " samples)");
    }
    double cand = value(candidate);
    double cur = value(current);
    boolean notWorse = metric == Metric.MAPE ? cand <= cur + tolerance : cand >= cur - tolerance;
    String comparison = String.format(java.util.Locale.ROOT, "%s %.4f vs current %.4f on %d held-out samples",
        metric, cand, cur, candidate.count());
    return new Verdict(notWorse, (notWorse ? "not worse: " : "worse: ") + comparison, candidate, current);
  }

  private double value(AccuracyMetrics m) {
    return metric == Metric.MAPE ? m.mape() : m.within10Pct();
  }

  /**
   * @param candidate the candidate on the hold-out
   * @param current the current predictor on the same hold-out, null when none was compared
   */
  public record Verdict(boolean accepted, String reason, AccuracyMetrics candidate, AccuracyMetrics current) {}
}
