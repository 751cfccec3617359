package io.jointcs.latency.profiling;

import io.jointcs.timing.LatencyTimer;

/**
 * How trustworthy one latency (a median) is: its spread, the runs behind it and whether it settled.
 *
 * @param p10Ms 10th percentile of the kept runs
 * @param p90Ms 90th percentile of the kept runs
 * @param madMs median absolute deviation of all runs
 * @param relativeSpread (p90 - p10) / median: the noise of this measurement as a share of it
 * @param runs timed runs
 * @param rejectedRuns runs rejected as outliers (beyond 3 scaled MADs)
 * @param stable whether the median settled before the run limit
 */
public record TimingStats(double p10Ms, double p90Ms, double madMs, double relativeSpread, int runs,
    int rejectedRuns, boolean stable) {

  public static TimingStats of(LatencyTimer.Measurement m) {
    return new TimingStats(m.p10Ms(), m.p90Ms(), m.madMs(), m.relativeSpread(), m.runs(), m.rejected(), m.stable());
  }
}
