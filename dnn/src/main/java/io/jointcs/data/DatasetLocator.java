package io.jointcs.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Finds the data set a command should use: the directory given explicitly (--data), else
 * $JOINTCS_DATA, else the standard datasets directory {@code <cache>/datasets} (cache:
 * $JOINTCS_CACHE, else ~/.cache/jointcs), where downloads go. A directory is recognised as
 *
 * <ul>
 *   <li>an official CIFAR-10 or CIFAR-100 binary release (the files themselves), or
 *   <li>an ImageFolder root {@code <root>/<split>/<class>/*.jpg|png} (split: train, test), or
 *   <li>a directory with exactly one of the above as a sub-directory (such as the datasets directory
 *       holding cifar-10-batches-bin/).
 * </ul>
 */
public final class DatasetLocator {
  public static final String DATA_ENV = "JOINTCS_DATA";
  public static final String CACHE_ENV = "JOINTCS_CACHE";
  /** Name of the standard datasets directory inside the cache directory. */
  public static final String DATASETS = "datasets";
  private static final List<String> SPLITS = List.of(CifarBinary.TRAIN, CifarBinary.TEST);

  /** How the images are stored. */
  public enum Layout { IMAGE_FOLDER, CIFAR10_BINARY, CIFAR100_BINARY }

  /**
   * A located data set.
   *
   * @param root the directory holding the splits (ImageFolder) or the binary files
   * @param layout how it is stored
   * @param origin where the location came from, for messages ("--data", "$JOINTCS_DATA", ...)
   */
  public record Dataset(Path root, Layout layout, String origin) {
    /** Loads split "train" or "test" (any split directory name for ImageFolder). */
    public LabeledImages load(String split, Path cacheDir) throws IOException {
      return switch (layout) {
        case CIFAR10_BINARY -> CifarBinary.readCifar10(root, split);
        case CIFAR100_BINARY -> CifarBinary.readCifar100(root, split, CifarBinary.Cifar100Labels.FINE);
        case IMAGE_FOLDER -> {
          Path splitDir = root.resolve(split);
          if (!Files.isDirectory(splitDir)) {
            throw new IOException("data set " + root + " (from " + origin + ") has no split directory '" + split
                + "' (it has: " + String.join(", ", subdirectoryNames(root)) + "); expected " + root + "/" + split
                + "/<class>/*.jpg|png");
          }
          yield ImageFolderDataset.load(splitDir, cacheDir);
        }
      };
    }

    @Override
    public String toString() {
      return layout.name().toLowerCase(Locale.ROOT).replace('_', '-') + " data set " + root + " (from " + origin + ")";
    }
  }

  private final Map<String, String> env;
  private final Path cacheDir;

  /** A locator reading the given environment; {@code userHome} anchors the default cache. */
  public DatasetLocator(Map<String, String> env, Path userHome) {
    this.env = Map.copyOf(env);
    this.cacheDir = cacheDir(env, userHome);
  }

  public static DatasetLocator fromEnvironment() {
    Map<String, String> env = new java.util.HashMap<>(System.getenv());
    // a system property wins over the environment, so in-process callers (tests) can isolate the cache
    String cacheProperty = System.getProperty("jointcs.cache");
    if (cacheProperty != null && !cacheProperty.isBlank()) {
      env.put(CACHE_ENV, cacheProperty);
    }
    return new DatasetLocator(env, Path.of(System.getProperty("user.home")));
  }

  /** $JOINTCS_CACHE, else ~/.cache/jointcs. */
  static Path cacheDir(Map<String, String> env, Path userHome) {
    String value = env.get(CACHE_ENV);
    return value != null && !value.isBlank() ? Path.of(value) : userHome.resolve(".cache").resolve("jointcs");
  }

  public Path cacheDir() {
    return cacheDir;
  }

  /** The standard place for data sets, where downloads are unpacked. */
  public Path datasetsDir() {
    return cacheDir.resolve(DATASETS);
  }

  /**
   * The data set in {@code explicit} when not null, else in $JOINTCS_DATA, else in the datasets
   * directory. An explicit or environment location that holds no data set is an error; an empty
   * or missing datasets directory gives {@link NoDatasetFoundException}.
   */
  public Dataset locate(Path explicit) throws IOException {
    if (explicit != null) {
      return detect(explicit, "--data");
    }
    String fromEnv = env.get(DATA_ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return detect(Path.of(fromEnv), "$" + DATA_ENV);
    }
    Path datasets = datasetsDir();
    Dataset found = Files.isDirectory(datasets) ? find(datasets, "the datasets directory") : null;
    if (found == null) {
      throw new NoDatasetFoundException("no data set found: --data was not given, $" + DATA_ENV + " is not set, and "
          + datasets + (Files.isDirectory(datasets) ? " holds no data set in a known layout" : " does not exist")
          + ".\n" + layoutHelp(datasets), datasets);
    }
    return found;
  }

  /** The data set in {@code dir}; errors say what was expected. {@code origin} names the source in messages. */
  public static Dataset detect(Path dir, String origin) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException("data set directory " + dir + " (from " + origin + ") does not exist or is not a directory");
    }
    Dataset found = find(dir, origin);
    if (found == null) {
      throw new IOException("data set directory " + dir + " (from " + origin + ") holds no data set in a known layout.\n"
          + layoutHelp(dir));
    }
    return found;
  }

  /** The data set in {@code dir} itself or in its one recognised sub-directory; null when none. */
  private static Dataset find(Path dir, String origin) throws IOException {
    Layout own = layoutOf(dir);
    if (own != null) {
      return new Dataset(dir, own, origin);
    }
    rejectSplitDirectory(dir, origin);
    List<Dataset> candidates = new ArrayList<>();
    for (String name : subdirectoryNames(dir)) {
      Path child = dir.resolve(name);
      Layout layout = layoutOf(child);
      if (layout != null) {
        candidates.add(new Dataset(child, layout, origin));
      }
    }
    if (candidates.size() > 1) {
      throw new IOException("data set directory " + dir + " (from " + origin + ") holds several data sets: "
          + candidates.stream().map(d -> d.root().getFileName() + " (" + d.layout() + ")").toList()
          + "; choose one with --data " + dir + "/<name>");
    }
    return candidates.isEmpty() ? null : candidates.get(0);
  }

  private static Layout layoutOf(Path dir) {
    CifarBinary.Format format = CifarBinary.detect(dir);
    if (format != null) {
      return format == CifarBinary.Format.CIFAR10 ? Layout.CIFAR10_BINARY : Layout.CIFAR100_BINARY;
    }
    for (String split : SPLITS) {
      if (Files.isDirectory(dir.resolve(split))) {
        return Layout.IMAGE_FOLDER;
      }
    }
    return null;
  }

  /** A common mistake: pointing at one split (class directories of images) instead of the root above it. */
  private static void rejectSplitDirectory(Path dir, String origin) throws IOException {
    long looseImages = countImages(dir);
    if (looseImages > 0) {
      throw new IOException("data set directory " + dir + " (from " + origin + ") holds " + looseImages
          + " images directly; expected the ImageFolder layout <root>/<split>/<class>/*.jpg|png, e.g. "
          + dir + "/train/<class>/0001.png");
    }
    for (String name : subdirectoryNames(dir)) {
      if (countImages(dir.resolve(name)) > 0) {
        Path parent = dir.toAbsolutePath().getParent();
        String fix = SPLITS.contains(String.valueOf(dir.getFileName())) && parent != null
            ? "point at its parent " + parent + " instead"
            : "move the class directories into " + dir.resolve(CifarBinary.TRAIN) + "/ (and " + CifarBinary.TEST
                + "/) or point at the root above";
        throw new IOException("data set directory " + dir + " (from " + origin + ") looks like a single split ("
            + name + "/ holds images), not a data set root <root>/<split>/<class>/*.jpg|png with split train or "
            + "test: " + fix);
      }
    }
  }

  private static long countImages(Path dir) throws IOException {
    try (Stream<Path> children = Files.list(dir)) {
      return children.filter(ImageFolderDataset::isImage).count();
    }
  }

  static List<String> subdirectoryNames(Path dir) {
    try (Stream<Path> children = Files.list(dir)) {
      return children.filter(Files::isDirectory).map(p -> p.getFileName().toString())
          .filter(name -> !name.startsWith(".")).sorted().toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /** Where to put data and in which layouts, for messages when none is found. */
  public static String layoutHelp(Path where) {
    return "Put the data in one of these layouts (or point --data or $" + DATA_ENV + " at a data set elsewhere):\n"
        + "  CIFAR-10 binary   " + where.resolve(CifarBinary.Format.CIFAR10.directoryName)
        + "/{data_batch_1..5.bin, test_batch.bin, batches.meta.txt}\n"
        + "                    (unpack the official " + CifarDownloader.CIFAR10.url() + " in " + where + ")\n"
        + "  CIFAR-100 binary  " + where.resolve(CifarBinary.Format.CIFAR100.directoryName)
        + "/{train.bin, test.bin, fine_label_names.txt}\n"
        + "  ImageFolder       " + where + "/<name>/{train,test}/<class>/*.jpg|png (32x32 RGB, one directory per class)";
  }
}
