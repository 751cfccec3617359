package io.jointcs.search;

/**
 * How the normalized latencies T_t / goal_t of several targets combine into the one number that drives the
 * progression (tau, the candidate test and the stop test).
 */
public enum Aggregation {
  /**
   * The worst target (default). The goal "every target meets its latency goal" is exactly max &lt;= 1, so the
   * progression, the candidate test and the stop test all measure the constraint that still binds; pruning that
   * only helps targets already ahead is not rewarded.
   */
  MAX,
  /**
   * The mean: every target pulls with equal weight, whatever its absolute speed (the latencies are normalized by
   * their goals first). Stops when the targets meet their goals on average, so single targets may stay above.
   */
  MEAN;

  public double combine(double[] normalizedLatencies) {
    if (normalizedLatencies.length == 0) {
      throw new IllegalArgumentException("no target to aggregate");
    }
    double max = Double.NEGATIVE_INFINITY;
    double sum = 0;
    for (double v : normalizedLatencies) {
      max = Math.max(max, v);
      sum += v;
    }
    return this == MAX ? max : sum / normalizedLatencies.length;
  }
}
