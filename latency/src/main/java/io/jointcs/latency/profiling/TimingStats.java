package io.jointcs.latency.profiling;

import io.jointcs.timing.LatencyTimer;

/**
 * How trustworthy one latency (a median) is: its spread, the runs behind it, whether it settled and how much other
 * processes interfered.
 *
 * @param p10Ms 10th percentile of the kept runs
 * @param p90Ms 90th percentile of the kept runs
 * @param madMs median absolute deviation of the runs the median is of
 * @param relativeSpread (p90 - p10) / median: the noise of this measurement as a share of it
 * @param runs timed runs
 * @param rejectedRuns runs not in the median: preempted ones (see {@link CleanRunTimer}) and outliers beyond 3
 *     scaled MADs
 * @param stable whether the median settled before the run limit
 * @param preemptedRuns timed runs during which the timing thread waited on a run queue; null when not known (timed
 *     without {@link RunQueueClock}, or written before this field existed), -1 when not visible on that system
 * @param runQueueWaitShare run-queue wait of the timing thread during the timed runs as a share of their wall time
 *     (null or -1 as above): the contention this measurement saw
 * @param minMs fastest run (null when not recorded)
 */
public record TimingStats(double p10Ms, double p90Ms, double madMs, double relativeSpread, int runs,
    int rejectedRuns, boolean stable, Integer preemptedRuns, Double runQueueWaitShare, Double minMs) {

  public TimingStats(double p10Ms, double p90Ms, double madMs, double relativeSpread, int runs, int rejectedRuns,
      boolean stable) {
    this(p10Ms, p90Ms, madMs, relativeSpread, runs, rejectedRuns, stable, null, null, null);
  }

  public static TimingStats of(LatencyTimer.Measurement m) {
    return new TimingStats(m.p10Ms(), m.p90Ms(), m.madMs(), m.relativeSpread(), m.runs(), m.rejected(), m.stable());
  }

  /** As {@link #of(LatencyTimer.Measurement)} with the run-queue wait seen over the whole measurement. */
  public static TimingStats of(LatencyTimer.Measurement m, double runQueueWaitShare) {
    return new TimingStats(m.p10Ms(), m.p90Ms(), m.madMs(), m.relativeSpread(), m.runs(), m.rejected(), m.stable(),
        null, runQueueWaitShare, null);
  }

  /** Whether the run-queue wait is known. */
  public boolean contentionKnown() {
    return runQueueWaitShare != null && runQueueWaitShare >= 0;
  }
}
