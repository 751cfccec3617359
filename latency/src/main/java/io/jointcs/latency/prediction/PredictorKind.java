package io.jointcs.latency.prediction;

/** Model family of a latency predictor; it selects the decoder of the serialized model. */
public enum PredictorKind {
  /** measured configurations with interpolation along the channel dimension (NetAdapt-style) */
  LOOKUP_TABLE,
  /** the MACs-linear baseline: latency = a + b*MACs + c*bytes per layer group */
  LINEAR_REGRESSION,
  /** XGBoost gradient-boosted trees on log features, predicting log latency */
  GRADIENT_BOOSTED_TREES,
  /** XGBoost random forest on the same features */
  RANDOM_FOREST,
  /** another class's predictor with a correction fitted on few samples of this class */
  ADAPTED
}
