package io.jointcs.latency.prediction;

/**
 * A predictor as it travels: the model, its version within its device class and its validation metrics.
 *
 * @param version increases by one per device class with each accepted retraining
 * @param metrics quality on held-out samples (null only for the base inside an adapted predictor)
 */
public record TrainedPredictor(LatencyPredictor predictor, long version, ValidationMetrics metrics) {
  public TrainedPredictor {
    if (predictor == null) {
      throw new IllegalArgumentException("trained predictor: predictor is missing");
    }
    if (version < 0) {
      throw new IllegalArgumentException("trained predictor: version must be >= 0, got " + version);
    }
  }
}
