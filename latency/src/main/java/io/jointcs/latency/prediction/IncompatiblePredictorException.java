package io.jointcs.latency.prediction;

/** A serialized predictor this reader cannot use: another feature set, format version or kind. */
public class IncompatiblePredictorException extends IllegalArgumentException {
  public IncompatiblePredictorException(String message) {
    super(message);
  }
}
