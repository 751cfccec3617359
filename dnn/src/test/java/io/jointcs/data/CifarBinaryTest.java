package io.jointcs.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifarBinaryTest {

  @Test
  void readsCifar10TrainBatchesInOrderWithFileIds(@TempDir Path tmp) throws IOException {
    Path dir = CifarFixtures.writeCifar10(tmp.resolve("cifar-10-batches-bin"), 2, 3, 4);
    LabeledImages train = CifarBinary.readCifar10(dir, "train");
    assertThat(train.classNames()).isEqualTo(CifarFixtures.CIFAR10_NAMES);
    assertThat(train.size()).isEqualTo(6);
    assertThat(train.ids()).containsExactly("data_batch_1.bin#0", "data_batch_1.bin#1", "data_batch_1.bin#2",
        "data_batch_2.bin#0", "data_batch_2.bin#1", "data_batch_2.bin#2");
    // the fourth image is record 0 of batch 2: label and channel-major pixels copied as they are
    assertThat(train.labels()[3]).isEqualTo(CifarFixtures.label(0));
    byte[] fourth = Arrays.copyOfRange(train.pixels(), 3 * LabeledImages.IMAGE_BYTES, 4 * LabeledImages.IMAGE_BYTES);
    for (int j : new int[] {0, 1023, 1024, 3071}) {
      assertThat(fourth[j]).isEqualTo(CifarFixtures.pixel(2, 0, j));
    }

    LabeledImages test = CifarBinary.read(dir, "test");
    assertThat(test.size()).isEqualTo(4);
    assertThat(test.ids().get(3)).isEqualTo("test_batch.bin#3");
    assertThat(test.labels()[3]).isEqualTo(CifarFixtures.label(3));
  }

  @Test
  void readsCifar100FineOrCoarseLabels(@TempDir Path tmp) throws IOException {
    Path dir = CifarFixtures.writeCifar100(tmp.resolve("cifar-100-binary"), 5, 2);
    assertThat(CifarBinary.detect(dir)).isEqualTo(CifarBinary.Format.CIFAR100);
    LabeledImages fine = CifarBinary.read(dir, "train");
    assertThat(fine.numClasses()).isEqualTo(100);
    assertThat(fine.labels()[4]).isEqualTo(CifarFixtures.fineLabel(4));
    assertThat(fine.ids().get(4)).isEqualTo("train.bin#4");
    assertThat(fine.pixels()[4 * LabeledImages.IMAGE_BYTES]).isEqualTo(CifarFixtures.pixel(1, 4, 0));

    LabeledImages coarse = CifarBinary.readCifar100(dir, "test", CifarBinary.Cifar100Labels.COARSE);
    assertThat(coarse.numClasses()).isEqualTo(20);
    assertThat(coarse.labels()[1]).isEqualTo(CifarFixtures.label(1) % 20);
  }

  @Test
  void truncatedFileIsNamedWithItsByteCount(@TempDir Path tmp) throws IOException {
    Path dir = CifarFixtures.writeCifar10(tmp.resolve("c10"), 1, 3, 2);
    Path batch = dir.resolve("data_batch_1.bin");
    byte[] whole = Files.readAllBytes(batch);
    Files.write(batch, Arrays.copyOf(whole, whole.length - 100));
    assertThatThrownBy(() -> CifarBinary.readCifar10(dir, "train"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(batch.toString())
        .hasMessageContaining((3 * 3073 - 100) + " bytes")
        .hasMessageContaining("3073-byte")
        .hasMessageContaining("2 whole records and 2973 bytes over");
  }

  @Test
  void cifar100FileReadAsCifar10SizeIsRejected(@TempDir Path tmp) throws IOException {
    Path file = tmp.resolve("odd.bin");
    Files.write(file, CifarFixtures.records(3, 2, 1)); // 3 * 3074 bytes is not a multiple of 3073
    assertThatThrownBy(() -> CifarBinary.readFile(file, CifarBinary.Format.CIFAR10, 0, CifarFixtures.CIFAR10_NAMES))
        .hasMessageContaining("odd.bin is 9222 bytes");
  }

  @Test
  void labelBeyondTheClassNamesIsRejected(@TempDir Path tmp) throws IOException {
    Path dir = CifarFixtures.writeCifar10(tmp.resolve("c10"), 1, 2, 2);
    byte[] test = Files.readAllBytes(dir.resolve("test_batch.bin"));
    test[3073] = 10; // record 1
    Files.write(dir.resolve("test_batch.bin"), test);
    assertThatThrownBy(() -> CifarBinary.readCifar10(dir, "test"))
        .hasMessageContaining("record 1").hasMessageContaining("label 10").hasMessageContaining("10 class names");
  }

  @Test
  void missingFilesAndGapsAreNamed(@TempDir Path tmp) throws IOException {
    Path dir = CifarFixtures.writeCifar10(tmp.resolve("c10"), 3, 1, 1);
    Files.delete(dir.resolve("data_batch_2.bin"));
    assertThatThrownBy(() -> CifarBinary.readCifar10(dir, "train")).hasMessageContaining("data_batch_2.bin is missing");
    Files.delete(dir.resolve("batches.meta.txt"));
    assertThatThrownBy(() -> CifarBinary.readCifar10(dir, "test"))
        .hasMessageContaining(dir.resolve("batches.meta.txt") + " is missing");
    assertThatThrownBy(() -> CifarBinary.readCifar10(dir, "validation"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'train' and 'test'");
  }

  @Test
  void validateChecksBothSplitsWithoutReadingPixels(@TempDir Path tmp) throws IOException {
    Path dir = CifarFixtures.writeCifar10(tmp.resolve("c10"), 2, 2, 2);
    CifarBinary.validate(dir, CifarBinary.Format.CIFAR10);
    Files.delete(dir.resolve("test_batch.bin"));
    assertThatThrownBy(() -> CifarBinary.validate(dir, CifarBinary.Format.CIFAR10))
        .hasMessageContaining("test_batch.bin is missing");
  }
}
