package io.jointcs.search;

/**
 * A target with its latency models resolved: P_d for the device class and P_e for the edge class.
 *
 * @param spec what the target is
 * @param device latency model of {@code spec.deviceClass()}
 * @param edge latency model of {@code spec.edgeClass()}
 */
public record Target(TargetSpec spec, BlockLatencyModel device, BlockLatencyModel edge) {

  public Target {
    if (spec == null) {
      throw new IllegalArgumentException("a target needs its spec");
    }
    if (device == null) {
      throw new IllegalArgumentException("target '" + spec.name() + "' has no latency model for device class '"
          + spec.deviceClass() + "'");
    }
    if (edge == null) {
      throw new IllegalArgumentException("target '" + spec.name() + "' has no latency model for edge class '"
          + spec.edgeClass() + "'");
    }
    if (device.batchSize() != edge.batchSize()) {
      throw new IllegalArgumentException("target '" + spec.name() + "': device class '" + spec.deviceClass()
          + "' runs batches of " + device.batchSize() + " image(s) but edge class '" + spec.edgeClass() + "' of "
          + edge.batchSize() + "; the edge must run the tail on the batch the device sends");
    }
  }

  public String name() {
    return spec.name();
  }
}
