package io.jointcs.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Readers of the official CIFAR binary releases (Krizhevsky, 2009). Each file is a run of
 * fixed-size records: label byte(s), then 3072 pixel bytes (1024 red, 1024 green, 1024 blue, rows
 * top to bottom), which is already the channel-major layout of {@link LabeledImages}.
 *
 * <ul>
 *   <li>CIFAR-10 ({@code cifar-10-batches-bin/}): 1 label byte; train = data_batch_1..5.bin, test =
 *       test_batch.bin; class names in batches.meta.txt.
 *   <li>CIFAR-100 ({@code cifar-100-binary/}): coarse label byte, fine label byte; train.bin,
 *       test.bin; class names in fine_label_names.txt (coarse_label_names.txt).
 * </ul>
 */
public final class CifarBinary {
  private static final Logger LOG = LoggerFactory.getLogger(CifarBinary.class);
  private static final Pattern TRAIN_BATCH = Pattern.compile("data_batch_(\\d+)\\.bin");

  /** The two official releases. */
  public enum Format {
    CIFAR10("cifar-10-batches-bin", 1, "batches.meta.txt"),
    CIFAR100("cifar-100-binary", 2, "fine_label_names.txt");

    /** Directory name inside the official archive. */
    public final String directoryName;
    /** Label bytes before the pixels of each record. */
    public final int labelBytes;
    /** File with one class name per line. */
    public final String classNamesFile;

    Format(String directoryName, int labelBytes, String classNamesFile) {
      this.directoryName = directoryName;
      this.labelBytes = labelBytes;
      this.classNamesFile = classNamesFile;
    }

    /** Bytes per record: labels plus one 32x32 RGB image. */
    public int recordBytes() {
      return labelBytes + LabeledImages.IMAGE_BYTES;
    }
  }

  /** Which CIFAR-100 label becomes the class: the 100 fine classes or the 20 coarse superclasses. */
  public enum Cifar100Labels { FINE, COARSE }

  public static final String TRAIN = "train";
  public static final String TEST = "test";

  private CifarBinary() {}

  /** The format of {@code dir} when it holds an official binary release, else null. */
  public static Format detect(Path dir) {
    if (Files.isRegularFile(dir.resolve("test_batch.bin")) || Files.isRegularFile(dir.resolve("data_batch_1.bin"))) {
      return Format.CIFAR10;
    }
    if (Files.isRegularFile(dir.resolve("train.bin")) || Files.isRegularFile(dir.resolve("test.bin"))) {
      return Format.CIFAR100;
    }
    return null;
  }

  /** Reads split "train" or "test" of the release in {@code dir}, whichever of the two it is. */
  public static LabeledImages read(Path dir, String split) throws IOException {
    Format format = detect(dir);
    if (format == null) {
      throw new IOException(dir + " holds no CIFAR binary files; expected test_batch.bin and data_batch_1..5.bin "
          + "(CIFAR-10) or train.bin and test.bin (CIFAR-100)");
    }
    return format == Format.CIFAR10 ? readCifar10(dir, split) : readCifar100(dir, split, Cifar100Labels.FINE);
  }

  /** CIFAR-10: "train" reads every data_batch_N.bin (N = 1, 2, ... without gaps), "test" test_batch.bin. */
  public static LabeledImages readCifar10(Path dir, String split) throws IOException {
    requireSplit(split);
    List<String> classNames = readClassNames(dir.resolve(Format.CIFAR10.classNamesFile));
    List<Path> files = switch (split) {
      case TRAIN -> trainBatches(dir);
      default -> List.of(existing(dir.resolve("test_batch.bin")));
    };
    List<LabeledImages> parts = new ArrayList<>();
    for (Path file : files) {
      parts.add(readFile(file, Format.CIFAR10, 0, classNames));
    }
    return concat(classNames, parts);
  }

  /** CIFAR-100: "train" reads train.bin, "test" test.bin, labelled by fine or coarse class. */
  public static LabeledImages readCifar100(Path dir, String split, Cifar100Labels labels) throws IOException {
    requireSplit(split);
    String namesFile = labels == Cifar100Labels.FINE ? Format.CIFAR100.classNamesFile : "coarse_label_names.txt";
    List<String> classNames = readClassNames(dir.resolve(namesFile));
    Path file = existing(dir.resolve(split + ".bin"));
    return readFile(file, Format.CIFAR100, labels == Cifar100Labels.FINE ? 1 : 0, classNames);
  }

  /**
   * Reads one batch file; ids are "file name#record index".
   *
   * @param labelOffset which of the record's label bytes is the class (0 = first)
   */
  public static LabeledImages readFile(Path file, Format format, int labelOffset, List<String> classNames)
      throws IOException {
    int record = format.recordBytes();
    int n = checkSize(file, format);
    long bytes = (long) n * record;
    byte[] pixels = new byte[n * LabeledImages.IMAGE_BYTES];
    int[] labels = new int[n];
    List<String> ids = new ArrayList<>(n);
    String name = file.getFileName().toString();
    byte[] buffer = new byte[record];
    try (InputStream in = Files.newInputStream(file)) {
      for (int i = 0; i < n; i++) {
        int read = in.readNBytes(buffer, 0, record);
        if (read != record) {
          // the file shrank between the size check and the read
          throw new IOException("CIFAR file " + file + " ended after " + ((long) i * record + read)
              + " bytes; expected " + bytes);
        }
        int label = buffer[labelOffset] & 0xFF;
        if (label >= classNames.size()) {
          throw new IOException("CIFAR file " + file + " record " + i + " (byte offset " + (long) i * record
              + ") has label " + label + " but there are only " + classNames.size() + " class names");
        }
        labels[i] = label;
        ids.add(name + "#" + i);
        System.arraycopy(buffer, format.labelBytes, pixels, i * LabeledImages.IMAGE_BYTES, LabeledImages.IMAGE_BYTES);
      }
    }
    return new LabeledImages(classNames, ids, labels, pixels);
  }

  /** Checks that the release in {@code dir} has its class names and both splits, whole, without reading pixels. */
  public static void validate(Path dir, Format format) throws IOException {
    readClassNames(dir.resolve(format.classNamesFile));
    List<Path> files = new ArrayList<>();
    if (format == Format.CIFAR10) {
      files.addAll(trainBatches(dir));
      files.add(dir.resolve("test_batch.bin"));
    } else {
      files.add(dir.resolve("train.bin"));
      files.add(dir.resolve("test.bin"));
    }
    for (Path file : files) {
      checkSize(existing(file), format);
    }
  }

  /** Number of records in {@code file}; an IOException naming the file when its size is not a whole number. */
  static int checkSize(Path file, Format format) throws IOException {
    long bytes = Files.size(file);
    int record = format.recordBytes();
    if (bytes == 0 || bytes % record != 0) {
      throw new IOException("CIFAR file " + file + " is " + bytes + " bytes, not a positive multiple of the "
          + record + "-byte " + format.name() + " record (" + (bytes / record) + " whole records and "
          + (bytes % record) + " bytes over); the file is truncated or not in the " + format.name()
          + " binary format");
    }
    if (bytes / record > Integer.MAX_VALUE / LabeledImages.IMAGE_BYTES) {
      throw new IOException("CIFAR file " + file + " is " + bytes + " bytes, too large for one image set");
    }
    return (int) (bytes / record);
  }

  /** Class names, one per line, blank lines (the official files end with some) ignored. */
  static List<String> readClassNames(Path file) throws IOException {
    List<String> names = Files.readAllLines(existing(file), StandardCharsets.UTF_8).stream()
        .map(String::strip).filter(line -> !line.isEmpty()).toList();
    if (names.size() < 2) {
      throw new IOException("class name file " + file + " lists " + names.size()
          + " class names; expected one per line, at least 2");
    }
    return names;
  }

  private static List<Path> trainBatches(Path dir) throws IOException {
    List<Integer> numbers;
    try (Stream<Path> children = Files.list(dir)) {
      numbers = children.map(p -> TRAIN_BATCH.matcher(p.getFileName().toString()))
          .filter(Matcher::matches).map(m -> Integer.parseInt(m.group(1))).sorted().toList();
    }
    if (numbers.isEmpty()) {
      throw new IOException("CIFAR-10 directory " + dir + " holds no training batches data_batch_1..5.bin");
    }
    for (int i = 0; i < numbers.size(); i++) {
      if (numbers.get(i) != i + 1) {
        throw new IOException("CIFAR-10 directory " + dir + " has training batches " + numbers
            + "; data_batch_" + (i + 1) + ".bin is missing");
      }
    }
    if (numbers.size() != 5) {
      LOG.warn("CIFAR-10 directory {} has {} training batches, the official release has 5", dir, numbers.size());
    }
    return numbers.stream().map(k -> dir.resolve("data_batch_" + k + ".bin")).toList();
  }

  private static String requireSplit(String split) {
    if (!TRAIN.equals(split) && !TEST.equals(split)) {
      throw new IllegalArgumentException("the CIFAR binary releases have splits 'train' and 'test', not '"
          + split + "'");
    }
    return split;
  }

  private static Path existing(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("CIFAR file " + file + " is missing");
    }
    return file;
  }

  private static LabeledImages concat(List<String> classNames, List<LabeledImages> parts) {
    if (parts.size() == 1) {
      return parts.get(0);
    }
    int n = parts.stream().mapToInt(LabeledImages::size).sum();
    byte[] pixels = new byte[n * LabeledImages.IMAGE_BYTES];
    int[] labels = new int[n];
    List<String> ids = new ArrayList<>(n);
    int at = 0;
    for (LabeledImages part : parts) {
      System.arraycopy(part.pixels(), 0, pixels, at * LabeledImages.IMAGE_BYTES, part.pixels().length);
      System.arraycopy(part.labels(), 0, labels, at, part.size());
      ids.addAll(part.ids());
      at += part.size();
    }
    return new LabeledImages(classNames, ids, labels, pixels);
  }
}
