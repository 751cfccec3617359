package io.jointcs.data;

import java.awt.image.BufferedImage;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Images in the ImageFolder layout {@code <dir>/<class>/*.jpg|jpeg|png}, classes in name order.
 * Decoding is slow, so the decoded set is cached in one binary file keyed by the directory listing
 * (names, sizes, modification times): the second load reads that file instead.
 */
public final class ImageFolderDataset {
  private static final Logger LOG = LoggerFactory.getLogger(ImageFolderDataset.class);
  private static final int CACHE_MAGIC = 0x4A435349; // "JCSI"
  private static final int CACHE_VERSION = 1;

  private ImageFolderDataset() {}

  /** The standard cache directory: $JOINTCS_CACHE, else ~/.cache/jointcs. */
  public static Path defaultCacheDir() {
    return DatasetLocator.fromEnvironment().cacheDir();
  }

  /** Loads {@code dir} (one sub-directory per class), using and filling the cache in {@code cacheDir}. */
  public static LabeledImages load(Path dir, Path cacheDir) throws IOException {
    Listing listing = list(dir);
    Path cacheFile = cacheDir.resolve("imagefolder-" + listing.key() + ".bin");
    if (Files.isRegularFile(cacheFile)) {
      try {
        return readCache(cacheFile);
      } catch (IOException e) {
        LOG.warn("ignoring unreadable dataset cache {} ({}); decoding again", cacheFile, e.getMessage());
      }
    }
    long start = System.nanoTime();
    LabeledImages images;
    try {
      images = decode(listing);
    } catch (UncheckedIOException e) {
      throw e.getCause(); // raised inside the parallel decode; callers expect the checked exception
    }
    LOG.info("decoded {} images of {} classes from {} in {} s", images.size(), images.numClasses(), dir,
        (System.nanoTime() - start) / 1_000_000_000L);
    writeCache(cacheFile, images);
    return images;
  }

  private record Listing(Path root, List<String> classNames, List<Path> files, int[] labels, String key) {}

  private static Listing list(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException("dataset directory " + dir + " does not exist; expected <dir>/<class>/*.jpg|png");
    }
    List<Path> classDirs;
    try (Stream<Path> children = Files.list(dir)) {
      // hidden directories (.ipynb_checkpoints, .git) are tool litter, not classes
      classDirs = children.filter(Files::isDirectory)
          .filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
    }
    if (classDirs.isEmpty()) {
      try (Stream<Path> children = Files.list(dir)) {
        long loose = children.filter(ImageFolderDataset::isImage).count();
        if (loose > 0) {
          throw new IOException("dataset directory " + dir + " holds " + loose + " images directly but no class "
              + "sub-directories; expected one directory per class, " + dir + "/<class>/*.jpg|png");
        }
      }
    }
    if (classDirs.size() < 2) {
      throw new IOException("dataset directory " + dir + " has " + classDirs.size()
          + " class sub-directories; expected one per class (<dir>/<class>/*.jpg|png), at least 2");
    }
    List<String> classNames = classDirs.stream().map(p -> p.getFileName().toString()).toList();
    List<Path> files = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    MessageDigest sha = sha256();
    for (int label = 0; label < classDirs.size(); label++) {
      List<Path> images;
      try (Stream<Path> children = Files.list(classDirs.get(label))) {
        images = children.filter(ImageFolderDataset::isImage).sorted().toList();
      }
      if (images.isEmpty()) {
        throw new IOException("class directory " + classDirs.get(label) + " holds no .jpg/.jpeg/.png images; "
            + "every class needs at least one (remove the directory if the class is not wanted)");
      }
      for (Path image : images) {
        files.add(image);
        labels.add(label);
        String entry = classNames.get(label) + "/" + image.getFileName() + ":" + Files.size(image) + ":"
            + Files.getLastModifiedTime(image).toMillis() + "\n";
        sha.update(entry.getBytes(StandardCharsets.UTF_8));
      }
    }
    String key = HexFormat.of().formatHex(sha.digest()).substring(0, 24);
    return new Listing(dir, classNames, files, labels.stream().mapToInt(Integer::intValue).toArray(), key);
  }

  static boolean isImage(Path p) {
    String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return Files.isRegularFile(p) && (name.endsWith(".jpg") || name.endsWith(".jpeg") || name.endsWith(".png"));
  }

  private static LabeledImages decode(Listing listing) {
    int n = listing.files().size();
    byte[] pixels = new byte[n * LabeledImages.IMAGE_BYTES];
    IntStream.range(0, n).parallel().forEach(i -> decodeInto(listing.files().get(i), pixels, i));
    List<String> ids = IntStream.range(0, n)
        .mapToObj(i -> listing.classNames().get(listing.labels()[i]) + "/" + listing.files().get(i).getFileName())
        .toList();
    return new LabeledImages(listing.classNames(), ids, listing.labels(), pixels);
  }

  private static void decodeInto(Path file, byte[] pixels, int index) {
    BufferedImage image;
    try {
      image = ImageIO.read(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot decode image " + file + ": " + e.getMessage(), e);
    }
    if (image == null) {
      throw new UncheckedIOException(new IOException("cannot decode image " + file + ": not a JPEG or PNG"));
    }
    if (image.getWidth() != LabeledImages.SIZE || image.getHeight() != LabeledImages.SIZE) {
      throw new UncheckedIOException(new IOException("image " + file + " is " + image.getWidth() + "x"
          + image.getHeight() + "; CIFAR images must be 32x32"));
    }
    int plane = LabeledImages.SIZE * LabeledImages.SIZE;
    int base = index * LabeledImages.IMAGE_BYTES;
    for (int y = 0; y < LabeledImages.SIZE; y++) {
      for (int x = 0; x < LabeledImages.SIZE; x++) {
        int rgb = image.getRGB(x, y);
        int offset = y * LabeledImages.SIZE + x;
        pixels[base + offset] = (byte) (rgb >> 16);
        pixels[base + plane + offset] = (byte) (rgb >> 8);
        pixels[base + 2 * plane + offset] = (byte) rgb;
      }
    }
  }

  private static void writeCache(Path cacheFile, LabeledImages images) {
    try {
      Files.createDirectories(cacheFile.getParent());
      Path tmp = Files.createTempFile(cacheFile.getParent(), "imagefolder", ".tmp");
      try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20))) {
        out.writeInt(CACHE_MAGIC);
        out.writeInt(CACHE_VERSION);
        out.writeInt(images.numClasses());
        for (String name : images.classNames()) {
          out.writeUTF(name);
        }
        out.writeInt(images.size());
        for (int i = 0; i < images.size(); i++) {
          out.writeUTF(images.ids().get(i));
          out.writeInt(images.labels()[i]);
        }
        out.write(images.pixels());
      }
      try {
        Files.move(tmp, cacheFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, cacheFile, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      // the cache is an optimisation: a read-only cache directory must not fail the load
      LOG.warn("could not write dataset cache {}: {}", cacheFile, e.getMessage());
    }
  }

  private static LabeledImages readCache(Path cacheFile) throws IOException {
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(cacheFile), 1 << 20))) {
      if (in.readInt() != CACHE_MAGIC || in.readInt() != CACHE_VERSION) {
        throw new IOException("not a JointCS dataset cache of version " + CACHE_VERSION);
      }
      int classes = in.readInt();
      List<String> classNames = new ArrayList<>();
      for (int c = 0; c < classes; c++) {
        classNames.add(in.readUTF());
      }
      int n = in.readInt();
      List<String> ids = new ArrayList<>(n);
      int[] labels = new int[n];
      for (int i = 0; i < n; i++) {
        ids.add(in.readUTF());
        labels[i] = in.readInt();
      }
      byte[] pixels = new byte[n * LabeledImages.IMAGE_BYTES];
      in.readFully(pixels);
      return new LabeledImages(classNames, ids, labels, pixels);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
