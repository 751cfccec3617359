package io.jointcs.latency.profiling;

import io.jointcs.latency.prediction.ModelLatencyObservation;
import io.jointcs.model.ModelSpec;
import java.util.Objects;

/**
 * A timed range of blocks of a concrete model (one block, a head, a tail or the whole model), with the sum of its
 * layers timed one by one in the same network: the pair the invocation overhead of the predictors is fitted on,
 * and the ground truth that predicted head and tail latencies are validated against.
 *
 * @param modelName model identifier (see {@link ModelNames})
 * @param spec the model
 * @param scope which kind of range
 * @param fromCut the range runs blocks fromCut+1..toCut
 * @param toCut last block run
 * @param layerCount layers in the range (residual additions included)
 * @param macs multiply-accumulates of the range for the whole batch
 * @param latencyMs median latency of one forward pass of the range over the batch
 * @param layerSumMs sum of the median latencies of the range's layers, each timed alone in the same network
 * @param timing spread and run counts of the median
 * @param device machine and configuration
 * @param measuredAt ISO-8601 instant
 */
public record RangeProfile(String modelName, ModelSpec spec, RangeScope scope, int fromCut, int toCut,
    int layerCount, long macs, double latencyMs, double layerSumMs, TimingStats timing, DeviceDescriptor device,
    String measuredAt) implements ProfileRecord {

  public RangeProfile {
    Objects.requireNonNull(spec, "range profile: spec is missing");
    Objects.requireNonNull(scope, "range profile: scope is missing");
    Objects.requireNonNull(timing, "range profile: timing is missing");
    Objects.requireNonNull(device, "range profile: device is missing");
    if (fromCut < 0 || toCut <= fromCut) {
      throw new IllegalArgumentException("range profile of " + modelName + ": blocks " + fromCut + ".." + toCut
          + " are not a range");
    }
    if (!(latencyMs > 0) || !Double.isFinite(latencyMs) || !(layerSumMs > 0) || !Double.isFinite(layerSumMs)) {
      throw new IllegalArgumentException("range profile of " + modelName + ": latencyMs " + latencyMs
          + " and layerSumMs " + layerSumMs + " must be finite and > 0");
    }
  }

  /** The observation the predictors' invocation-overhead model is fitted on. */
  public ModelLatencyObservation toObservation() {
    java.util.List<io.jointcs.latency.prediction.LayerFeatures> layers = new java.util.ArrayList<>();
    for (io.jointcs.model.BlockDescriptor b : spec.plan().blocks()) {
      if (b.index() > fromCut && b.index() <= toCut) {
        b.layers().forEach(l -> layers.add(io.jointcs.latency.prediction.LayerFeatures.of(l, device.batchSize())));
      }
    }
    if (layers.size() != layerCount) {
      throw new IllegalStateException("range profile of " + modelName + " says " + layerCount + " layers, its blocks "
          + fromCut + ".." + toCut + " hold " + layers.size());
    }
    return ModelLatencyObservation.of(modelName, layers, layerSumMs, latencyMs);
  }
}
