package io.jointcs.latency.profiling;

import io.jointcs.latency.prediction.LayerLatencySample;
import java.util.Objects;

/**
 * A timed layer: the predictor training sample plus how it was measured.
 *
 * @param sample the predictors' training sample (device class, features with batch size, median latency in ms,
 *     model and layer name)
 * @param placement isolated one-layer network or the layer inside a whole network
 * @param timing spread and run counts of the median
 * @param device machine and configuration
 * @param measuredAt ISO-8601 instant
 */
public record LayerProfile(LayerLatencySample sample, LayerPlacement placement, TimingStats timing,
    DeviceDescriptor device, String measuredAt) implements ProfileRecord {

  public LayerProfile {
    Objects.requireNonNull(sample, "layer profile: sample is missing");
    Objects.requireNonNull(placement, "layer profile: placement is missing");
    Objects.requireNonNull(timing, "layer profile: timing is missing");
    Objects.requireNonNull(device, "layer profile: device is missing");
    if (!sample.deviceClass().equals(device.deviceClass())) {
      throw new IllegalArgumentException("layer profile: sample device class " + sample.deviceClass()
          + " differs from the descriptor's " + device.deviceClass());
    }
    if (sample.features().batchSize() != device.batchSize()) {
      throw new IllegalArgumentException("layer profile: sample batch size " + sample.features().batchSize()
          + " differs from the descriptor's " + device.batchSize());
    }
  }

  @Override
  public double latencyMs() {
    return sample.latencyMs();
  }
}
