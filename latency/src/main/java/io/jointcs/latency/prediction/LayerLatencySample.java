package io.jointcs.latency.prediction;

import java.util.Objects;

/**
 * One measured layer latency on a device class: the raw material of the predictors. The profiler produces them
 * by timing layers on this machine; the phone-dataset converter produces them from published measurements.
 *
 * @param deviceClass device class the latency was measured on, e.g. {@code pixel4} or {@code cpu-2t}
 * @param features configuration of the timed layer
 * @param latencyMs measured latency of one forward pass of the layer over the whole batch; finite and &gt; 0
 * @param modelName model the layer was taken from (predictors are validated on held-out models); null for a
 *     synthetic configuration of a profiling grid
 * @param layerName name or position of the layer within that model, for tracing; may be null
 */
public record LayerLatencySample(
    String deviceClass, LayerFeatures features, double latencyMs, String modelName, String layerName) {

  public LayerLatencySample {
    if (deviceClass == null || deviceClass.isBlank()) {
      throw new IllegalArgumentException("latency sample: deviceClass is missing" + where(modelName, layerName));
    }
    Objects.requireNonNull(features, () -> "latency sample: features are missing" + where(modelName, layerName));
    if (!Double.isFinite(latencyMs) || latencyMs <= 0) {
      throw new IllegalArgumentException("latency sample: latencyMs must be finite and > 0, got " + latencyMs
          + " for device " + deviceClass + where(modelName, layerName));
    }
  }

  public LayerLatencySample(String deviceClass, LayerFeatures features, double latencyMs) {
    this(deviceClass, features, latencyMs, null, null);
  }

  /** The same measurement attributed to another device class (used to pool or relabel samples). */
  public LayerLatencySample withDeviceClass(String newDeviceClass) {
    return new LayerLatencySample(newDeviceClass, features, latencyMs, modelName, layerName);
  }

  private static String where(String modelName, String layerName) {
    if (modelName == null && layerName == null) {
      return "";
    }
    return " (model " + modelName + ", layer " + layerName + ")";
  }
}
