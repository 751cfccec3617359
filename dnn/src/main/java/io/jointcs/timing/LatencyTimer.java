package io.jointcs.timing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Times a piece of work the way latency must be measured for predictors to be trustworthy:
 * warm-up runs first, then rounds of repetitions until the median stops moving, outliers beyond
 * a few median absolute deviations rejected, the spread reported with the median.
 */
public final class LatencyTimer {
  private final int warmupRuns;
  private final int roundSize;
  private final int maxRuns;
  private final double stableRelativeChange;

  /**
   * @param warmupRuns untimed runs first (caches, allocator, lazy initialization)
   * @param roundSize timed runs between stability checks
   * @param maxRuns upper bound on timed runs
   * @param stableRelativeChange stop when the median moved less than this share between rounds
   */
  public LatencyTimer(int warmupRuns, int roundSize, int maxRuns, double stableRelativeChange) {
    if (warmupRuns < 0 || roundSize < 3 || maxRuns < roundSize || !(stableRelativeChange > 0)) {
      throw new IllegalArgumentException("bad timer settings: warm-up " + warmupRuns + ", round " + roundSize
          + ", max " + maxRuns + ", stability " + stableRelativeChange);
    }
    this.warmupRuns = warmupRuns;
    this.roundSize = roundSize;
    this.maxRuns = maxRuns;
    this.stableRelativeChange = stableRelativeChange;
  }

  /** Defaults for layer and model timing on CPUs: 5 warm-up runs, rounds of 10, at most 200 runs, 2%. */
  public static LatencyTimer standard() {
    return new LatencyTimer(5, 10, 200, 0.02);
  }

  /** A timed unit of work; it must block until the work is done. */
  @FunctionalInterface
  public interface Work {
    void run() throws Exception;
  }

  /**
   * @param medianMs median of the kept runs
   * @param p10Ms 10th percentile of the kept runs
   * @param p90Ms 90th percentile of the kept runs
   * @param madMs median absolute deviation of all runs
   * @param runs timed runs
   * @param rejected runs rejected as outliers
   * @param stable whether the median settled before the run limit
   */
  public record Measurement(double medianMs, double p10Ms, double p90Ms, double madMs, int runs, int rejected,
      boolean stable) {
    /** Relative spread (p90 - p10) / median. */
    public double relativeSpread() {
      return medianMs > 0 ? (p90Ms - p10Ms) / medianMs : 0;
    }
  }

  public Measurement measure(Work work) {
    try {
      for (int i = 0; i < warmupRuns; i++) {
        work.run();
      }
      List<Double> samples = new ArrayList<>();
      double previousMedian = Double.NaN;
      boolean stable = false;
      while (samples.size() < maxRuns) {
        for (int i = 0; i < roundSize; i++) {
          long start = System.nanoTime();
          work.run();
          samples.add((System.nanoTime() - start) / 1e6);
        }
        double median = median(samples);
        if (!Double.isNaN(previousMedian) && Math.abs(median - previousMedian) <= stableRelativeChange * median) {
          stable = true;
          break;
        }
        previousMedian = median;
      }
      return summarize(samples, stable);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("timed work failed: " + e.getMessage(), e);
    }
  }

  static Measurement summarize(List<Double> samples, boolean stable) {
    double median = median(samples);
    double mad = median(samples.stream().map(s -> Math.abs(s - median)).toList());
    // 3 scaled MADs ~ 3 standard deviations for normal noise; a floor keeps near-constant runs
    double limit = 3 * 1.4826 * Math.max(mad, 1e-6 * median);
    double[] kept = samples.stream().mapToDouble(Double::doubleValue)
        .filter(s -> Math.abs(s - median) <= limit).sorted().toArray();
    return new Measurement(percentile(kept, 0.5), percentile(kept, 0.1), percentile(kept, 0.9), mad,
        samples.size(), samples.size() - kept.length, stable);
  }

  static double median(List<Double> values) {
    return percentile(values.stream().mapToDouble(Double::doubleValue).sorted().toArray(), 0.5);
  }

  /** Linear-interpolated percentile of sorted values. */
  static double percentile(double[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    double position = q * (sorted.length - 1);
    int lower = (int) Math.floor(position);
    int upper = Math.min(sorted.length - 1, lower + 1);
    return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
  }

  @Override
  public String toString() {
    return "LatencyTimer" + Arrays.asList(warmupRuns, roundSize, maxRuns, stableRelativeChange);
  }
}
