package io.jointcs.latency.profiling;

import java.util.List;

/**
 * What a profiling run produced, how noisy it was and how much other processes interfered.
 *
 * @param device machine and configuration (of the first record; all records of one run share it)
 * @param out file the records went to
 * @param layerRecords layer measurements
 * @param rangeRecords block, head, tail and whole-model measurements
 * @param medianRelativeSpread median over records of (p90 - p10) / median
 * @param p90RelativeSpread 90th percentile over records of the same
 * @param unstableRecords records whose median did not settle before the run limit
 * @param rejectedRunShare runs left out of the medians (preempted or outliers), as a share of all timed runs
 * @param preemptedRunShare timed runs during which the timing thread waited on a run queue, as a share of the runs
 *     where that is known (-1: not known for any record)
 * @param runQueueWaitShare run-queue wait of the timing thread as a share of timed wall time, over the records where
 *     it is known (-1: not known)
 * @param contended whether other processes measurably competed for the CPU (see {@link #isContended})
 * @param elapsedSeconds wall time of the run
 */
public record ProfileSummary(DeviceDescriptor device, String out, int layerRecords, int rangeRecords,
    double medianRelativeSpread, double p90RelativeSpread, int unstableRecords, double rejectedRunShare,
    double preemptedRunShare, double runQueueWaitShare, boolean contended, double elapsedSeconds) {

  /** Above this share of timed runs preempted, a profiling run counts as contended. */
  public static final double CONTENDED_PREEMPTED_RUNS = 0.05;
  /** Above this share of timed wall time spent waiting for the CPU, a profiling run counts as contended. */
  public static final double CONTENDED_WAIT_SHARE = 0.02;

  public static ProfileSummary of(List<? extends ProfileRecord> records, String out, double elapsedSeconds) {
    if (records.isEmpty()) {
      throw new IllegalArgumentException("nothing was profiled");
    }
    double[] spreads = records.stream().mapToDouble(r -> r.timing().relativeSpread()).sorted().toArray();
    long runs = records.stream().mapToLong(r -> r.timing().runs()).sum();
    long rejected = records.stream().mapToLong(r -> r.timing().rejectedRuns()).sum();
    int layers = (int) records.stream().filter(LayerProfile.class::isInstance).count();
    long knownRuns = 0;
    long preempted = 0;
    double waitWeighted = 0;
    double waitWeight = 0;
    for (ProfileRecord r : records) {
      TimingStats t = r.timing();
      if (t.preemptedRuns() != null && t.preemptedRuns() >= 0) {
        knownRuns += t.runs();
        preempted += t.preemptedRuns();
      }
      if (t.contentionKnown()) {
        double wall = t.runs() * r.latencyMs(); // approximately the timed wall time
        waitWeighted += t.runQueueWaitShare() * wall;
        waitWeight += wall;
      }
    }
    double preemptedShare = knownRuns == 0 ? -1 : (double) preempted / knownRuns;
    double waitShare = waitWeight == 0 ? -1 : waitWeighted / waitWeight;
    DeviceDescriptor device = records.get(0).device();
    return new ProfileSummary(device, out, layers, records.size() - layers,
        quantile(spreads, 0.5), quantile(spreads, 0.9),
        (int) records.stream().filter(r -> !r.timing().stable()).count(), runs == 0 ? 0 : (double) rejected / runs,
        preemptedShare, waitShare, isContended(preemptedShare, waitShare, device), elapsedSeconds);
  }

  /**
   * Contended when more than 5% of the timed runs were preempted or more than 2% of the timed time was spent
   * waiting for the CPU (measured: Linux schedstat of the timing thread); where that is not known, when the load
   * average at the start exceeded the machine's CPUs ({@link DeviceDescriptor#contended()}).
   */
  static boolean isContended(double preemptedShare, double waitShare, DeviceDescriptor device) {
    if (preemptedShare >= 0 || waitShare >= 0) {
      return preemptedShare > CONTENDED_PREEMPTED_RUNS || waitShare > CONTENDED_WAIT_SHARE;
    }
    return device.contended();
  }

  private static double quantile(double[] sorted, double q) {
    return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  }
}
