package io.jointcs.latency.mobilegpu;

import io.jointcs.latency.prediction.LayerFeatures;
import java.util.Map;

/**
 * One operator row of the phone dataset, converted.
 *
 * @param line line of the CSV file the row starts on
 * @param model model the operator belongs to
 * @param position 0-based position of the operator within its model
 * @param operation the runtime's operator name
 * @param features converted features
 * @param latencyMsByDevice measured latency per device, ms (converted from microseconds); a device whose cell
 *     is empty (missing measurement) is absent
 */
public record OperatorRow(int line, String model, int position, String operation, LayerFeatures features,
    Map<String, Double> latencyMsByDevice) {

  public OperatorRow {
    latencyMsByDevice = Map.copyOf(latencyMsByDevice);
  }
}
