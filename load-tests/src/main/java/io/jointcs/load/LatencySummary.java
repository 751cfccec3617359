package io.jointcs.load;

import org.HdrHistogram.Histogram;

/** Percentiles of a latency histogram recorded in microseconds, in milliseconds. */
public record LatencySummary(long count, double meanMs, double p50Ms, double p90Ms, double p99Ms, double p999Ms,
    double maxMs) {
  public static LatencySummary of(Histogram micros) {
    if (micros.getTotalCount() == 0) {
      return new LatencySummary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    return new LatencySummary(micros.getTotalCount(), micros.getMean() / 1000.0,
        micros.getValueAtPercentile(50) / 1000.0, micros.getValueAtPercentile(90) / 1000.0,
        micros.getValueAtPercentile(99) / 1000.0, micros.getValueAtPercentile(99.9) / 1000.0,
        micros.getMaxValue() / 1000.0);
  }
}
