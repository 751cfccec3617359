package io.jointcs.splitinference;

import org.HdrHistogram.Histogram;

/** Latencies of many requests in an HdrHistogram: microsecond values, 3 significant digits. */
final class LatencyRecorder {
  private static final int SIGNIFICANT_DIGITS = 3;
  private final Histogram micros = new Histogram(SIGNIFICANT_DIGITS); // auto-resizing

  void record(double ms) {
    // below 1 us (an empty stage) is recorded as 1 us: HdrHistogram's smallest discernible value
    micros.recordValue(Math.max(1, Math.round(ms * 1e3)));
  }

  double percentileMs(double percentile) {
    return micros.getTotalCount() == 0 ? Double.NaN : micros.getValueAtPercentile(percentile) / 1e3;
  }

  double medianMs() {
    return percentileMs(50);
  }

  LatencySummary summary() {
    long count = micros.getTotalCount();
    return new LatencySummary(percentileMs(50), percentileMs(90), percentileMs(99),
        count == 0 ? Double.NaN : micros.getMean() / 1e3, count == 0 ? Double.NaN : micros.getMaxValue() / 1e3, count);
  }
}
