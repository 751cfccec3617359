package io.jointcs.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
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

  /**
   * A seeded subset of {@code count} images with the class proportions of the whole set (largest
   * remainder rounding): unlike {@link #head}, it does not pick one class when the files are sorted
   * by class. Within a class the images are ranked by sha256(seed + "/" + id), as in {@link
   * ValidationSplit}, so the choice depends only on ids and seed; the result keeps the original order.
   * All images when count >= size.
   */
  public LabeledImages stratifiedSample(int count, String seed) {
    if (count < 0) {
      throw new IllegalArgumentException("sample size must be >= 0, got " + count);
    }
    if (count >= size()) {
      return this;
    }
    List<List<Integer>> members = new ArrayList<>();
    for (int c = 0; c < numClasses(); c++) {
      members.add(new ArrayList<>());
    }
    for (int i = 0; i < size(); i++) {
      members.get(labels[i]).add(i);
    }
    int[] quota = quotas(members.stream().mapToInt(List::size).toArray(), count);
    List<Integer> chosen = new ArrayList<>(count);
    for (int c = 0; c < numClasses(); c++) {
      members.get(c).stream()
          .sorted(Comparator.comparing((Integer i) -> ValidationSplit.rank(seed, ids.get(i))))
          .limit(quota[c])
          .forEach(chosen::add);
    }
    return subset(chosen.stream().mapToInt(Integer::intValue).sorted().toArray());
  }

  /** Splits {@code count} over classes in proportion to their sizes; remainders go to the largest fractions. */
  static int[] quotas(int[] classSizes, int count) {
    long total = Arrays.stream(classSizes).asLongStream().sum();
    int[] quota = new int[classSizes.length];
    double[] fraction = new double[classSizes.length];
    int assigned = 0;
    for (int c = 0; c < classSizes.length; c++) {
      double exact = (double) count * classSizes[c] / total;
      quota[c] = (int) Math.floor(exact);
      fraction[c] = exact - quota[c];
      assigned += quota[c];
    }
    Integer[] order = new Integer[classSizes.length];
    Arrays.setAll(order, c -> c);
    // ties go to the lower class index, so the result does not depend on sort stability
    Arrays.sort(order, Comparator.comparingDouble((Integer c) -> -fraction[c]).thenComparingInt(c -> c));
    for (int k = 0; assigned < count; k = (k + 1) % order.length) {
      int c = order[k];
      if (quota[c] < classSizes[c]) {
        quota[c]++;
        assigned++;
      }
    }
    return quota;
  }

  /** The first {@code count} images (all when count >= size). */
  public LabeledImages head(int count) {
    int n = Math.min(count, size());
    int[] indices = new int[n];
    Arrays.setAll(indices, i -> i);
    return subset(indices);
  }
}
