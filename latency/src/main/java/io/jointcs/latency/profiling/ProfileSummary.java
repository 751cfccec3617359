package io.jointcs.latency.profiling;

import java.util.List;

/**
 * What a profiling run produced and how noisy it was.
 *
 * @param device machine and configuration (of the first record; all records of one run share it)
 * @param out file the records went to
 * @param layerRecords layer measurements
 * @param rangeRecords block, head, tail and whole-model measurements
 * @param medianRelativeSpread median over records of (p90 - p10) / median
 * @param p90RelativeSpread 90th percentile over records of the same
 * @param unstableRecords records whose median did not settle before the run limit
 * @param rejectedRunShare outlier runs rejected, as a share of all timed runs
 * @param elapsedSeconds wall time of the run
 */
public record ProfileSummary(DeviceDescriptor device, String out, int layerRecords, int rangeRecords,
    double medianRelativeSpread, double p90RelativeSpread, int unstableRecords, double rejectedRunShare,
    double elapsedSeconds) {

  public static ProfileSummary of(List<? extends ProfileRecord> records, String out, double elapsedSeconds) {
    if (records.isEmpty()) {
      throw new IllegalArgumentException("nothing was profiled");
    }
    double[] spreads = records.stream().mapToDouble(r -> r.timing().relativeSpread()).sorted().toArray();
    long runs = records.stream().mapToLong(r -> r.timing().runs()).sum();
    long rejected = records.stream().mapToLong(r -> r.timing().rejectedRuns()).sum();
    int layers = (int) records.stream().filter(LayerProfile.class::isInstance).count();
    return new ProfileSummary(records.get(0).device(), out, layers, records.size() - layers,
        quantile(spreads, 0.5), quantile(spreads, 0.9),
        (int) records.stream().filter(r -> !r.timing().stable()).count(), runs == 0 ? 0 : (double) rejected / runs,
        elapsedSeconds);
  }

  private static double quantile(double[] sorted, double q) {
    return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  }
}
