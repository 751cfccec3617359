package io.jointcs.data;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Decoded 32x32 RGB images in memory: {@code pixels} holds image i at [i*3072, (i+1)*3072) in
 * channel-major order (all red, then green, then blue), unsigned bytes.
 *
 * @param classNames class names; label k is classNames[k]
 * @param ids stable identifier of each image (relative file path, or "file#index")
 * @param labels class index of each image
 * @param pixels image bytes, channel-major
 */
public record LabeledImages(List<String> classNames, List<String> ids, int[] labels, byte[] pixels) {
  public static final int CHANNELS = 3;
  public static final int SIZE = 32;
  public static final int IMAGE_BYTES = CHANNELS * SIZE * SIZE;

  public LabeledImages {
    classNames = List.copyOf(classNames);
    ids = List.copyOf(ids);
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(pixels, "pixels");
    if (ids.size() != labels.length || (long) labels.length * IMAGE_BYTES != pixels.length) {
      throw new IllegalArgumentException("inconsistent image set: " + ids.size() + " ids, " + labels.length
          + " labels, " + pixels.length + " pixel bytes");
    }
    for (int label : labels) {
      if (label < 0 || label >= classNames.size()) {
        throw new IllegalArgumentException("label " + label + " outside 0.." + (classNames.size() - 1));
      }
    }
  }

  public int size() {
    return labels.length;
  }

  public int numClasses() {
    return classNames.size();
  }

  /** The images at the given positions, in that order. */
  public LabeledImages subset(int[] indices) {
    byte[] chosen = new byte[indices.length * IMAGE_BYTES];
    int[] chosenLabels = new int[indices.length];
    String[] chosenIds = new String[indices.length];
    for (int i = 0; i < indices.length; i++) {
      System.arraycopy(pixels, indices[i] * IMAGE_BYTES, chosen, i * IMAGE_BYTES, IMAGE_BYTES);
      chosenLabels[i] = labels[indices[i]];
      chosenIds[i] = ids.get(indices[i]);
    }
    return new LabeledImages(classNames, Arrays.asList(chosenIds), chosenLabels, chosen);
  }

  /** The first {@code count} images (all when count >= size). */
  public LabeledImages head(int count) {
    int n = Math.min(count, size());
    int[] indices = new int[n];
    Arrays.setAll(indices, i -> i);
    return subset(indices);
  }
}
