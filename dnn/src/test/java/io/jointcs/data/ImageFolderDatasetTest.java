package io.jointcs.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderDatasetTest {
  @TempDir Path tmp;

  @Test
  void decodesChannelMajorPixelsAndCachesTheResult() throws IOException {
    Path split = ImageFixtures.writeSplit(tmp.resolve("data/train"), 3, "bird", "ant", "cat");
    Path cache = tmp.resolve("cache");

    LabeledImages first = ImageFolderDataset.load(split, cache);
    assertThat(first.classNames()).containsExactly("ant", "bird", "cat"); // name order
    assertThat(first.size()).isEqualTo(9);
    assertThat(first.ids().get(0)).isEqualTo("ant/0000.png");
    // ant is class index 1 in writeSplit's order: rgb 0x804020 at (0, 0), +x along the row
    assertThat(first.pixels()[0] & 0xFF).isEqualTo(0x80);
    assertThat(first.pixels()[1024] & 0xFF).isEqualTo(0x40);
    assertThat(first.pixels()[2048] & 0xFF).isEqualTo(0x20);
    assertThat(first.pixels()[2048 + 5] & 0xFF).isEqualTo(0x25);
    List<Path> cacheFiles = list(cache);
    assertThat(cacheFiles).hasSize(1);
    assertThat(cacheFiles.get(0).getFileName().toString()).startsWith("imagefolder-").endsWith(".bin");

    // make one image undecodable without changing its listing (size, modification time): a second
    // load can then only succeed by reading the cache
    Path image = split.resolve("ant/0000.png");
    java.nio.file.attribute.FileTime modified = Files.getLastModifiedTime(image);
    Files.write(image, new byte[(int) Files.size(image)]);
    Files.setLastModifiedTime(image, modified);
    LabeledImages second = ImageFolderDataset.load(split, cache);
    assertThat(second.ids()).isEqualTo(first.ids());
    assertThat(second.labels()).isEqualTo(first.labels());
    assertThat(second.pixels()).isEqualTo(first.pixels());
    assertThat(list(cache)).isEqualTo(cacheFiles);
  }

  @Test
  void cacheIsNotUsedOnceAFileChanges() throws IOException {
    Path split = ImageFixtures.writeSplit(tmp.resolve("train"), 2, "a", "b");
    Path cache = tmp.resolve("cache");
    ImageFolderDataset.load(split, cache);
    ImageFixtures.writePng(split.resolve("b/0002.png"), 32, 32, 0x010203);
    assertThat(ImageFolderDataset.load(split, cache).size()).isEqualTo(5);
    assertThat(list(cache)).hasSize(2);
  }

  @Test
  void imageOfTheWrongSizeIsNamed() throws IOException {
    Path split = ImageFixtures.writeSplit(tmp.resolve("train"), 2, "a", "b");
    Path odd = ImageFixtures.writePng(split.resolve("b/odd.png"), 31, 32, 0);
    assertThatThrownBy(() -> ImageFolderDataset.load(split, tmp.resolve("cache")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(odd.toString())
        .hasMessageContaining("is 31x32; CIFAR images must be 32x32");
  }

  @Test
  void emptyClassDirectoryIsNamed() throws IOException {
    Path split = ImageFixtures.writeSplit(tmp.resolve("train"), 1, "a", "b");
    Path empty = Files.createDirectories(split.resolve("c"));
    Files.writeString(empty.resolve("notes.txt"), "not an image");
    assertThatThrownBy(() -> ImageFolderDataset.load(split, tmp.resolve("cache")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("class directory " + empty + " holds no .jpg/.jpeg/.png images");
  }

  @Test
  void hiddenDirectoriesAreNotClasses() throws IOException {
    Path split = ImageFixtures.writeSplit(tmp.resolve("train"), 1, "a", "b");
    Files.createDirectories(split.resolve(".ipynb_checkpoints"));
    assertThat(ImageFolderDataset.load(split, tmp.resolve("cache")).classNames()).containsExactly("a", "b");
  }

  private static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().toList();
    }
  }
}
