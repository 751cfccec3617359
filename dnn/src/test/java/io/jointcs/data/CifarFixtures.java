package io.jointcs.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/** Writes tiny files in the official CIFAR binary formats, and tar.gz archives of them, for tests. */
final class CifarFixtures {
  static final int BLOCK = 512; // tar block size
  static final List<String> CIFAR10_NAMES = List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog",
      "horse", "ship", "truck");

  private CifarFixtures() {}

  /** A CIFAR-10 release with {@code trainBatches} data_batch files of {@code perBatch} images and a test batch. */
  static Path writeCifar10(Path dir, int trainBatches, int perBatch, int testImages) throws IOException {
    Files.createDirectories(dir);
    // the official meta file ends with blank lines
    Files.writeString(dir.resolve("batches.meta.txt"), String.join("\n", CIFAR10_NAMES) + "\n\n");
    for (int b = 1; b <= trainBatches; b++) {
      Files.write(dir.resolve("data_batch_" + b + ".bin"), records(perBatch, 1, b));
    }
    Files.write(dir.resolve("test_batch.bin"), records(testImages, 1, 99));
    return dir;
  }

  /** A CIFAR-100 release: 100 fine names f0..f99, 20 coarse names c0..c19. */
  static Path writeCifar100(Path dir, int trainImages, int testImages) throws IOException {
    Files.createDirectories(dir);
    StringBuilder fine = new StringBuilder();
    StringBuilder coarse = new StringBuilder();
    for (int k = 0; k < 100; k++) {
      fine.append("f").append(k).append('\n');
    }
    for (int k = 0; k < 20; k++) {
      coarse.append("c").append(k).append('\n');
    }
    Files.writeString(dir.resolve("fine_label_names.txt"), fine);
    Files.writeString(dir.resolve("coarse_label_names.txt"), coarse);
    Files.write(dir.resolve("train.bin"), records(trainImages, 2, 1));
    Files.write(dir.resolve("test.bin"), records(testImages, 2, 2));
    return dir;
  }

  /**
   * Records whose content is predictable: record i has label(s) {@link #label}(i) and pixel byte j
   * equal to {@link #pixel}(salt, i, j).
   */
  static byte[] records(int n, int labelBytes, int salt) {
    int record = labelBytes + LabeledImages.IMAGE_BYTES;
    byte[] out = new byte[n * record];
    for (int i = 0; i < n; i++) {
      if (labelBytes == 1) {
        out[i * record] = (byte) label(i);
      } else {
        out[i * record] = (byte) (label(i) % 20); // coarse
        out[i * record + 1] = (byte) fineLabel(i);
      }
      for (int j = 0; j < LabeledImages.IMAGE_BYTES; j++) {
        out[i * record + labelBytes + j] = pixel(salt, i, j);
      }
    }
    return out;
  }

  static int label(int i) {
    return (i * 7 + 3) % 10;
  }

  static int fineLabel(int i) {
    return (i * 37 + 5) % 100;
  }

  static byte pixel(int salt, int i, int j) {
    return (byte) (salt * 31 + i * 13 + j * 7);
  }

  /** A .tar.gz of {@code dir} whose entries are {@code dir.getFileName()/...}, as GNU tar writes it. */
  static byte[] tarGz(Path dir) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      String top = dir.getFileName().toString();
      writeHeader(gz, top + "/", 0, '5');
      List<Path> files;
      try (Stream<Path> list = Files.list(dir)) {
        files = list.sorted().toList();
      }
      for (Path file : files) {
        byte[] content = Files.readAllBytes(file);
        writeEntry(gz, top + "/" + file.getFileName(), content);
      }
      gz.write(new byte[2 * BLOCK]);
    }
    return bytes.toByteArray();
  }

  /** One regular-file entry with its padding. */
  static void writeEntry(OutputStream out, String name, byte[] content) throws IOException {
    writeHeader(out, name, content.length, '0');
    out.write(content);
    out.write(new byte[(int) ((BLOCK - content.length % BLOCK) % BLOCK)]);
  }

  static void writeHeader(OutputStream out, String name, long size, char type) throws IOException {
    byte[] header = new byte[BLOCK];
    put(header, 0, name);
    put(header, 100, "0000644");
    put(header, 108, "0001750");
    put(header, 116, "0001750");
    put(header, 124, String.format("%011o", size));
    put(header, 136, String.format("%011o", 1_700_000_000L));
    header[156] = (byte) type;
    put(header, 257, "ustar");
    put(header, 263, "00");
    for (int i = 148; i < 156; i++) {
      header[i] = ' ';
    }
    long sum = 0;
    for (byte b : header) {
      sum += b & 0xFF;
    }
    put(header, 148, String.format("%06o", sum));
    header[154] = 0;
    out.write(header);
  }

  private static void put(byte[] header, int offset, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(bytes, 0, header, offset, bytes.length);
  }

  static String md5(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
  }
}
