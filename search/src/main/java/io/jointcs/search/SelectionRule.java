package io.jointcs.search;

/**
 * Ranks evaluated candidates; the search keeps the best (greedy) or the best K (beam). Ties keep candidate order:
 * beam rank of the parent, then channel group index, then the quantize action.
 */
public interface SelectionRule {

  /** Stable name recorded in results. */
  String name();

  /** Score of {@code candidate} measured at {@code accuracy}, derived from {@code parent}; higher is better. */
  double score(Candidate candidate, double accuracy, SeriesEntry parent);

  /** The most accurate candidate (the paper's rule). */
  static SelectionRule maxAccuracy() {
    return new SelectionRule() {
      @Override
      public String name() {
        return "max-accuracy";
      }

      @Override
      public double score(Candidate candidate, double accuracy, SeriesEntry parent) {
        return accuracy;
      }
    };
  }

  /**
   * The least accuracy lost per unit of normalized latency gained (NetAdapt-style trade-off): a candidate that
   * gains a lot of latency for a small extra loss can win over a slightly more accurate one that barely meets tau.
   */
  static SelectionRule leastLossPerLatencyGain() {
    return new SelectionRule() {
      @Override
      public String name() {
        return "least-loss-per-latency-gain";
      }

      @Override
      public double score(Candidate candidate, double accuracy, SeriesEntry parent) {
        double gain = parent.normalizedLatency() - candidate.normalizedLatency();
        if (!(gain > 0)) {
          return Double.NEGATIVE_INFINITY; // no progress: never preferred
        }
        return -(parent.accuracy() - accuracy) / gain;
      }
    };
  }

  /** The built-in rule of the given name. */
  static SelectionRule named(String name) {
    return switch (name) {
      case "max-accuracy" -> maxAccuracy();
      case "least-loss-per-latency-gain" -> leastLossPerLatencyGain();
      default -> throw new IllegalArgumentException("unknown selection rule '" + name
          + "'; known: max-accuracy, least-loss-per-latency-gain");
    };
  }
}
