package io.jointcs.latency.prediction;

/**
 * A whole-model (or head/tail) latency measured together with its layers' own latencies: what the invocation
 * overhead is fitted on.
 *
 * @param modelName model it was measured on
 * @param layerCount layers the invocation ran
 * @param layerSumMs sum of the layers' latencies measured one by one
 * @param latencyMs measured latency of the whole invocation
 */
public record ModelLatencyObservation(String modelName, int layerCount, double layerSumMs, double latencyMs) {
  public ModelLatencyObservation {
    if (layerCount < 1) {
      throw new IllegalArgumentException("model " + modelName + ": layerCount must be >= 1, got " + layerCount);
    }
    if (!Double.isFinite(layerSumMs) || layerSumMs <= 0) {
      throw new IllegalArgumentException("model " + modelName + ": layerSumMs must be finite and > 0, got "
          + layerSumMs);
    }
    if (!Double.isFinite(latencyMs) || latencyMs <= 0) {
      throw new IllegalArgumentException("model " + modelName + ": latencyMs must be finite and > 0, got "
          + latencyMs);
    }
  }
}
