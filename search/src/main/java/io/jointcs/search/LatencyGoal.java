package io.jointcs.search;

/**
 * The end-to-end latency a search must reach on one target, either in milliseconds or as a fraction of the
 * segmentation-only latency (the unpruned model at its best float32 cut). The fraction is resolved against the
 * same reference for every method, so that baselines chase the same absolute goal as the joint search.
 *
 * @param kind how {@code value} is meant
 * @param value milliseconds, or a fraction in (0, 1]
 */
public record LatencyGoal(Kind kind, double value) {

  public enum Kind {
    ABSOLUTE_MS,
    FRACTION_OF_SEGMENTATION_ONLY
  }

  public LatencyGoal {
    if (kind == null) {
      throw new IllegalArgumentException("a latency goal needs a kind");
    }
    if (!Double.isFinite(value) || value <= 0) {
      throw new IllegalArgumentException("latency goal must be finite and > 0, got " + value);
    }
    if (kind == Kind.FRACTION_OF_SEGMENTATION_ONLY && value > 1) {
      throw new IllegalArgumentException("a latency goal fraction must be in (0, 1], got " + value);
    }
  }

  public static LatencyGoal absoluteMs(double latencyMs) {
    return new LatencyGoal(Kind.ABSOLUTE_MS, latencyMs);
  }

  public static LatencyGoal fractionOfSegmentationOnly(double fraction) {
    return new LatencyGoal(Kind.FRACTION_OF_SEGMENTATION_ONLY, fraction);
  }

  /** The goal in ms, given the target's segmentation-only latency. */
  public double resolveMs(double segmentationOnlyMs) {
    return kind == Kind.ABSOLUTE_MS ? value : value * segmentationOnlyMs;
  }
}
