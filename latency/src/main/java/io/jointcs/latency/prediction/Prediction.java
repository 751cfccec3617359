package io.jointcs.latency.prediction;

/**
 * A predicted latency with a warning flag.
 *
 * @param latencyMs predicted latency
 * @param extrapolated true when the query lies outside what the predictor was trained on (a feature beyond the
 *     observed range by more than the margin, a kind never seen, a lookup outside the measured channel range):
 *     the number is a guess and callers such as the search should treat it with suspicion
 * @param detail why it is flagged or how it was obtained (empty when nothing is worth saying)
 */
public record Prediction(double latencyMs, boolean extrapolated, String detail) {

  public Prediction {
    if (!Double.isFinite(latencyMs)) {
      throw new IllegalStateException("predictor produced a non-finite latency " + latencyMs + " (" + detail + ")");
    }
    detail = detail == null ? "" : detail;
  }

  public static Prediction of(double latencyMs) {
    return new Prediction(latencyMs, false, "");
  }

  /** Sum of two predictions: flagged if either is; details joined. */
  public Prediction plus(Prediction other) {
    String joined = detail.isEmpty() ? other.detail
        : other.detail.isEmpty() ? detail : detail + "; " + other.detail;
    return new Prediction(latencyMs + other.latencyMs, extrapolated || other.extrapolated, joined);
  }
}
