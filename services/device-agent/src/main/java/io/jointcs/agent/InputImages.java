package io.jointcs.agent;

import io.jointcs.data.BatchSampler;
import io.jointcs.data.DatasetLocator;
import io.jointcs.data.LabeledImages;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

/**
 * The inputs split inference runs on: CIFAR-sized (3 x 32 x 32) normalized images, either real ones from a data
 * set directory (cycled through in order) or random ones (latency does not depend on pixel values).
 */
final class InputImages {
  private static final int IMAGE_FLOATS = 3 * 32 * 32;

  private final LabeledImages images;
  private final Random random;
  private int next;

  private InputImages(LabeledImages images, long seed) {
    this.images = images;
    this.random = new Random(seed);
  }

  static InputImages random(long seed) {
    return new InputImages(null, seed);
  }

  /** CIFAR-10 binary or ImageFolder; the test split, as a device would see unseen images. */
  static InputImages fromDirectory(Path dir, Path cacheDir, long seed) throws IOException {
    LabeledImages images = DatasetLocator.detect(dir, "--images").load("test", cacheDir);
    if (images.size() == 0) {
      throw new IOException("the data set at " + dir + " has no test images");
    }
    return new InputImages(images, seed);
  }

  String describe() {
    return images == null ? "random CIFAR-sized inputs" : images.size() + " test images from the data set";
  }

  /** The next batch, batch x 3 x 32 x 32 floats. */
  float[] nextBatch(int batchSize) {
    if (images == null) {
      float[] pixels = new float[batchSize * IMAGE_FLOATS];
      for (int i = 0; i < pixels.length; i++) {
        pixels[i] = (float) random.nextGaussian(); // what normalization makes of natural images: ~N(0, 1)
      }
      return pixels;
    }
    int[] indices = new int[batchSize];
    for (int i = 0; i < batchSize; i++) {
      indices[i] = next;
      next = (next + 1) % images.size();
    }
    return BatchSampler.pixels(images, indices, null);
  }
}
