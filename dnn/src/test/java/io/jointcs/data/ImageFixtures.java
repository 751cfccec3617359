package io.jointcs.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Tiny PNG files in the ImageFolder layout, for tests. */
final class ImageFixtures {
  private ImageFixtures() {}

  /** A width x height PNG whose pixel (x, y) is rgb + x + 256 * y (so images differ by position). */
  static Path writePng(Path file, int width, int height, int rgb) throws IOException {
    Files.createDirectories(file.getParent());
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, (rgb + x + 256 * y) & 0xFFFFFF);
      }
    }
    if (!ImageIO.write(image, "png", file.toFile())) {
      throw new IOException("no PNG writer in this JVM");
    }
    return file;
  }

  /** {@code <splitDir>/<class>/<k>.png} for each class, {@code perClass} 32x32 images each. */
  static Path writeSplit(Path splitDir, int perClass, String... classes) throws IOException {
    for (int c = 0; c < classes.length; c++) {
      for (int k = 0; k < perClass; k++) {
        writePng(splitDir.resolve(classes[c]).resolve(String.format("%04d.png", k)), 32, 32, 0x402010 * (c + 1) + k);
      }
    }
    return splitDir;
  }
}
