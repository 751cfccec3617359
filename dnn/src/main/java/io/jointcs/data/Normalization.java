package io.jointcs.data;

/** Per-channel normalization with the CIFAR-10 training-set statistics (RGB, pixel values in [0, 1]). */
public final class Normalization {
  public static final float[] MEAN = {0.4914f, 0.4822f, 0.4465f};
  public static final float[] STD = {0.2470f, 0.2435f, 0.2616f};

  private Normalization() {}

  static float normalize(int channel, int unsignedByte) {
    return (unsignedByte / 255f - MEAN[channel]) / STD[channel];
  }
}
