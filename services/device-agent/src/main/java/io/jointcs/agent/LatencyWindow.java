package io.jointcs.agent;

import org.HdrHistogram.Histogram;

/**
 * Latencies of the requests of one report window (microsecond resolution, 3 significant digits), reset when a
 * summary is taken. Not thread-safe: the split-inference thread owns it.
 */
final class LatencyWindow {
  private Histogram micros = new Histogram(3);
  private long windowStartNanos = System.nanoTime();

  /**
   * Distribution of one window.
   *
   * @param count requests in the window
   * @param windowMs length of the window
   */
  record Summary(double p10Ms, double p50Ms, double p90Ms, double p99Ms, double meanMs, double stddevMs,
      double maxMs, long count, double windowMs) {}

  void record(double ms) {
    micros.recordValue(Math.max(1, Math.round(ms * 1e3))); // below 1 us counts as 1 us
  }

  long count() {
    return micros.getTotalCount();
  }

  double elapsedMs() {
    return (System.nanoTime() - windowStartNanos) / 1e6;
  }

  /** The window so far; the next window starts empty. */
  Summary drain() {
    Histogram h = micros;
    double windowMs = elapsedMs();
    micros = new Histogram(3);
    windowStartNanos = System.nanoTime();
    return new Summary(h.getValueAtPercentile(10) / 1e3, h.getValueAtPercentile(50) / 1e3,
        h.getValueAtPercentile(90) / 1e3, h.getValueAtPercentile(99) / 1e3, h.getMean() / 1e3,
        h.getStdDeviation() / 1e3, h.getMaxValue() / 1e3, h.getTotalCount(), windowMs);
  }
}
