package io.jointcs.data;

import java.util.Random;

/**
 * Turns images into normalized float batches (N, 3, 32, 32), optionally with the standard CIFAR
 * augmentation: a random 32x32 crop of the image zero-padded by 4, and a random horizontal flip.
 */
public final class BatchSampler {
  public static final int PAD = 4;

  private BatchSampler() {}

  /** Batch of the images at {@code indices}; {@code random} null means no augmentation. */
  public static float[] pixels(LabeledImages images, int[] indices, Random random) {
    final int size = LabeledImages.SIZE;
    final int plane = size * size;
    float[] out = new float[indices.length * LabeledImages.IMAGE_BYTES];
    byte[] src = images.pixels();
    for (int i = 0; i < indices.length; i++) {
      int shiftY = 0;
      int shiftX = 0;
      boolean flip = false;
      if (random != null) {
        shiftY = random.nextInt(2 * PAD + 1) - PAD;
        shiftX = random.nextInt(2 * PAD + 1) - PAD;
        flip = random.nextBoolean();
      }
      int srcBase = indices[i] * LabeledImages.IMAGE_BYTES;
      int dstBase = i * LabeledImages.IMAGE_BYTES;
      for (int c = 0; c < LabeledImages.CHANNELS; c++) {
        float zero = Normalization.normalize(c, 0);
        for (int y = 0; y < size; y++) {
          int sy = y + shiftY;
          for (int x = 0; x < size; x++) {
            int sx = (flip ? size - 1 - x : x) + shiftX;
            float value = zero;
            if (sy >= 0 && sy < size && sx >= 0 && sx < size) {
              value = Normalization.normalize(c, src[srcBase + c * plane + sy * size + sx] & 0xFF);
            }
            out[dstBase + c * plane + y * size + x] = value;
          }
        }
      }
    }
    return out;
  }

  public static int[] labels(LabeledImages images, int[] indices) {
    int[] out = new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      out[i] = images.labels()[indices[i]];
    }
    return out;
  }
}
