package io.jointcs.latency.prediction;

import java.util.List;

/**
 * A whole-model (or head/tail/block) latency measured together with its layers' own latencies: what the invocation
 * overhead is fitted on.
 *
 * @param modelName model it was measured on (fits and hold-outs are by model)
 * @param layerCount layers the invocation ran
 * @param layerSumMs sum of the layers' latencies measured one by one
 * @param latencyMs measured latency of the whole invocation
 * @param paramBytes parameters of those layers, 4 bytes each (0 when the source does not say)
 * @param outputBytes activations those layers write, 4 bytes per element (0 when the source does not say)
 */
public record ModelLatencyObservation(String modelName, int layerCount, double layerSumMs, double latencyMs,
    long paramBytes, long outputBytes) {
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
    if (paramBytes < 0 || outputBytes < 0) {
      throw new IllegalArgumentException("model " + modelName + ": byte counts must be >= 0, got " + paramBytes
          + " and " + outputBytes);
    }
  }

  /** Without byte counts (sources that only give the layer count and sum, such as the phone data set). */
  public ModelLatencyObservation(String modelName, int layerCount, double layerSumMs, double latencyMs) {
    this(modelName, layerCount, layerSumMs, latencyMs, 0, 0);
  }

  /** The layers' counts and byte totals with their measured sum, against a measured invocation. */
  public static ModelLatencyObservation of(String modelName, List<LayerFeatures> layers, double layerSumMs,
      double latencyMs) {
    long params = 0;
    long out = 0;
    for (LayerFeatures f : layers) {
      params += f.params() * LayerFeatures.ELEMENT_BYTES;
      out += f.outputBytes();
    }
    return new ModelLatencyObservation(modelName, layers.size(), layerSumMs, latencyMs, params, out);
  }
}
