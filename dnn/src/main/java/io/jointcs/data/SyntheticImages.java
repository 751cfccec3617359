package io.jointcs.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Small, learnable stand-in data for tests and smoke runs, no files needed. Class c of K has its
 * own hue (c/K around the colour wheel) and its own sinusoidal stripes (orientation pi*c/K,
 * 2..4 cycles per image); every image adds a random stripe phase, contrast, brightness, a small hue
 * jitter and per-pixel Gaussian noise. The colour survives crop and flip augmentation, so a small
 * CNN separates the classes within a few dozen steps, while no two images are alike.
 */
public final class SyntheticImages {
  private static final double HUE_JITTER = 0.15; // of the spacing between class hues
  private static final double NOISE_STD = 0.06; // in [0, 1] pixel units
  private static final double BRIGHTNESS_JITTER = 0.08;

  private SyntheticImages() {}

  /**
   * {@code numClasses * perClass} images, classes interleaved (image i has label i % numClasses),
   * ids "synthetic-SEED#i", class names "class-K". Same arguments, same bytes.
   */
  public static LabeledImages generate(int numClasses, int perClass, long seed) {
    if (numClasses < 2 || numClasses > 256) {
      throw new IllegalArgumentException("numClasses must be in 2..256, got " + numClasses);
    }
    if (perClass < 1) {
      throw new IllegalArgumentException("perClass must be >= 1, got " + perClass);
    }
    int n = numClasses * perClass;
    Random random = new Random(seed);
    byte[] pixels = new byte[n * LabeledImages.IMAGE_BYTES];
    int[] labels = new int[n];
    List<String> ids = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      labels[i] = i % numClasses;
      ids.add("synthetic-" + seed + "#" + i);
      draw(labels[i], numClasses, random, pixels, i * LabeledImages.IMAGE_BYTES);
    }
    List<String> classNames = new ArrayList<>();
    for (int c = 0; c < numClasses; c++) {
      classNames.add("class-" + c);
    }
    return new LabeledImages(classNames, ids, labels, pixels);
  }

  private static void draw(int label, int numClasses, Random random, byte[] pixels, int base) {
    final int size = LabeledImages.SIZE;
    final int plane = size * size;
    double hue = (label + HUE_JITTER * (2 * random.nextDouble() - 1)) / numClasses;
    double[] colour = hsvToRgb(hue, 0.9, 0.85);
    double angle = Math.PI * label / numClasses;
    double cycles = 2 + label % 3;
    double dx = Math.cos(angle) * 2 * Math.PI * cycles / size;
    double dy = Math.sin(angle) * 2 * Math.PI * cycles / size;
    double phase = 2 * Math.PI * random.nextDouble();
    double contrast = 0.4 + 0.4 * random.nextDouble(); // strong stripes: the orientation is a second cue
    double brightness = BRIGHTNESS_JITTER * (2 * random.nextDouble() - 1);
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        double stripe = 1 - contrast + contrast * Math.sin(dx * x + dy * y + phase);
        for (int c = 0; c < LabeledImages.CHANNELS; c++) {
          double value = colour[c] * stripe + brightness + NOISE_STD * random.nextGaussian();
          pixels[base + c * plane + y * size + x] = (byte) Math.round(255 * Math.min(1, Math.max(0, value)));
        }
      }
    }
  }

  /** HSV in [0, 1] (hue wraps) to RGB in [0, 1]. */
  static double[] hsvToRgb(double hue, double saturation, double value) {
    double h = (hue - Math.floor(hue)) * 6;
    int sector = (int) h % 6;
    double f = h - Math.floor(h);
    double p = value * (1 - saturation);
    double q = value * (1 - saturation * f);
    double t = value * (1 - saturation * (1 - f));
    return switch (sector) {
      case 0 -> new double[] {value, t, p};
      case 1 -> new double[] {q, value, p};
      case 2 -> new double[] {p, value, t};
      case 3 -> new double[] {p, q, value};
      case 4 -> new double[] {t, p, value};
      default -> new double[] {value, p, q};
    };
  }
}
