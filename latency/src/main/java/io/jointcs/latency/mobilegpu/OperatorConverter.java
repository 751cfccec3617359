package io.jointcs.latency.mobilegpu;

import io.jointcs.latency.prediction.LayerFeatures;
import io.jointcs.latency.prediction.LayerKind;
import java.util.Map;

/** Turns one operator row (op name + feature dict) of a runtime into {@link LayerFeatures}. */
interface OperatorConverter {

  /**
   * @throws IllegalArgumentException naming the field when a needed field is missing or not a number
   */
  LayerFeatures convert(String operation, Map<String, String> feature);

  /** The kind the converter maps {@code operation} to ({@link LayerKind#OTHER} when it has no mapping). */
  LayerKind kindOf(String operation, Map<String, String> feature);

  static int intField(Map<String, String> feature, String key) {
    String v = feature.get(key);
    if (v == null) {
      throw new IllegalArgumentException("feature field '" + key + "' is missing");
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("feature field '" + key + "' is '" + v + "', expected an integer");
    }
  }

  /** Bytes of a batch-1 tensor of {@code channels} x side x side, float32-equivalent. */
  static long bytes(int channels, int side) {
    return (long) LayerFeatures.ELEMENT_BYTES * channels * side * side;
  }

  /** Padding on each side implied by the output size (explicit pad operators fold into the input size). */
  static int impliedPadding(int in, int out, int kernel, int stride) {
    return Math.max(0, (out - 1) * stride + kernel - in) / 2;
  }
}
