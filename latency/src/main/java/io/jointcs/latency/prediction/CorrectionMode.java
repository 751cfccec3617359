package io.jointcs.latency.prediction;

/** How an adapted predictor corrects the base predictor's output, in log space. */
public enum CorrectionMode {
  /** one factor for all layers: ln y = ln p + a */
  SCALE,
  /** one factor, plus a per-group factor shrunk towards it by the group's sample count */
  SCALE_PER_GROUP,
  /** ln y = a + b ln p, with b pulled towards 1 (small and large layers may scale differently) */
  LOG_LINEAR,
  /** {@link #LOG_LINEAR} plus shrunk per-group offsets */
  LOG_LINEAR_PER_GROUP,
  /**
   * {@link #LOG_LINEAR_PER_GROUP}, then small, strongly regularized boosted trees on what is left, over the layer
   * features and the base prediction: they can learn that the new device differs more on some shapes than others
   */
  RESIDUAL_TREES;

  boolean slope() {
    return this == LOG_LINEAR || this == LOG_LINEAR_PER_GROUP || this == RESIDUAL_TREES;
  }

  boolean perGroup() {
    return this == SCALE_PER_GROUP || this == LOG_LINEAR_PER_GROUP || this == RESIDUAL_TREES;
  }

  boolean trees() {
    return this == RESIDUAL_TREES;
  }
}
