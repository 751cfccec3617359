package io.jointcs.data;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A fixed, seeded, stratified train/validation split. Within each class the images are ranked by
 * sha256(seed + "/" + id) and the first share goes to validation: the split depends only on the
 * image ids, the seed and the share, not on file order, platform or language.
 */
public final class ValidationSplit {
  /** The split every reported figure uses: 10% of each class, seed "jointcs-val-v1". */
  public static final String DEFAULT_SEED = "jointcs-val-v1";
  public static final double DEFAULT_FRACTION = 0.1;

  private ValidationSplit() {}

  public record Parts(LabeledImages train, LabeledImages validation) {}

  public static Parts carve(LabeledImages images, double fraction, String seed) {
    if (!(fraction > 0 && fraction < 1)) {
      throw new IllegalArgumentException("validation fraction must be in (0, 1), got " + fraction);
    }
    List<Integer> train = new ArrayList<>();
    List<Integer> validation = new ArrayList<>();
    for (int label = 0; label < images.numClasses(); label++) {
      int cls = label;
      List<Integer> members = IntStream.range(0, images.size()).filter(i -> images.labels()[i] == cls).boxed()
          .sorted(Comparator.comparing((Integer i) -> rank(seed, images.ids().get(i))))
          .toList();
      int validationCount = (int) Math.round(members.size() * fraction);
      validation.addAll(members.subList(0, validationCount));
      train.addAll(members.subList(validationCount, members.size()));
    }
    train.sort(Integer::compare);
    validation.sort(Integer::compare);
    return new Parts(images.subset(toArray(train)), images.subset(toArray(validation)));
  }

  private static int[] toArray(List<Integer> list) {
    return list.stream().mapToInt(Integer::intValue).toArray();
  }

  static String rank(String seed, String id) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest((seed + "/" + id).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
