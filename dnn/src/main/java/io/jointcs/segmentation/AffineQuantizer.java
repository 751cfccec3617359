package io.jointcs.segmentation;

/**
 * Per-tensor affine quantization to unsigned 8 bits: q = clamp(round(x / scale) + zeroPoint, 0, 255),
 * x' = (q - zeroPoint) * scale. The range always includes 0 so that zero (ReLU outputs, padding) is
 * exact, and every x in the range comes back within scale / 2.
 *
 * @param scale step between adjacent levels, > 0
 * @param zeroPoint the level representing 0, in 0..255
 */
public record AffineQuantizer(float scale, int zeroPoint) {
  public static final int LEVELS = 256;

  public AffineQuantizer {
    if (!(scale > 0) || !Float.isFinite(scale)) {
      throw new IllegalArgumentException("quantization scale must be finite and > 0, got " + scale);
    }
    if (zeroPoint < 0 || zeroPoint >= LEVELS) {
      throw new IllegalArgumentException("zero point " + zeroPoint + " outside 0.." + (LEVELS - 1));
    }
  }

  /** The quantizer covering [min(min, 0), max(max, 0)]. */
  public static AffineQuantizer forRange(float min, float max) {
    if (!Float.isFinite(min) || !Float.isFinite(max) || min > max) {
      throw new IllegalArgumentException("cannot quantize the range [" + min + ", " + max + "]");
    }
    double low = Math.min(min, 0.0);
    double high = Math.max(max, 0.0);
    double range = high - low;
    if (range == 0) {
      return new AffineQuantizer(1f, 0);
    }
    float scale = (float) (range / (LEVELS - 1));
    int zeroPoint = (int) Math.max(0, Math.min(LEVELS - 1, Math.round(-low / scale)));
    return new AffineQuantizer(scale, zeroPoint);
  }

  /** The quantizer covering all values. */
  public static AffineQuantizer forValues(float[] values) {
    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;
    for (float v : values) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    return values.length == 0 ? new AffineQuantizer(1f, 0) : forRange(min, max);
  }

  public byte quantize(float value) {
    long level = Math.round(value / (double) scale) + zeroPoint;
    return (byte) Math.max(0, Math.min(LEVELS - 1, level));
  }

  public float dequantize(byte level) {
    return ((level & 0xFF) - zeroPoint) * scale;
  }
}
