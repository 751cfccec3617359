package io.jointcs.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jointcs.data.DatasetLocator.Dataset;
import io.jointcs.data.DatasetLocator.Layout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetLocatorTest {
  @TempDir Path tmp;

  private DatasetLocator locator(Map<String, String> env) {
    return new DatasetLocator(env, tmp.resolve("home"));
  }

  @Test
  void explicitImageFolderRootLoadsItsSplits() throws IOException {
    Path root = tmp.resolve("pets");
    ImageFixtures.writeSplit(root.resolve("train"), 2, "cat", "dog");
    Dataset dataset = locator(Map.of()).locate(root);
    assertThat(dataset.layout()).isEqualTo(Layout.IMAGE_FOLDER);
    assertThat(dataset.root()).isEqualTo(root);
    LabeledImages train = dataset.load("train", tmp.resolve("cache"));
    assertThat(train.classNames()).containsExactly("cat", "dog");
    assertThat(train.size()).isEqualTo(4);
    assertThatThrownBy(() -> dataset.load("test", tmp.resolve("cache")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("has no split directory 'test' (it has: train)")
        .hasMessageContaining(root.resolve("test") + "/<class>/*.jpg|png");
  }

  @Test
  void cifarReleaseIsFoundItselfOrAsTheOnlySubdirectory() throws IOException {
    Path datasets = tmp.resolve("datasets");
    Path release = CifarFixtures.writeCifar10(datasets.resolve("cifar-10-batches-bin"), 1, 3, 2);
    assertThat(locator(Map.of()).locate(release).layout()).isEqualTo(Layout.CIFAR10_BINARY);
    Dataset viaParent = locator(Map.of()).locate(datasets);
    assertThat(viaParent.root()).isEqualTo(release);
    assertThat(viaParent.load("test", tmp.resolve("cache")).size()).isEqualTo(2);

    Path c100 = CifarFixtures.writeCifar100(tmp.resolve("cifar-100-binary"), 3, 1);
    assertThat(locator(Map.of()).locate(c100).layout()).isEqualTo(Layout.CIFAR100_BINARY);
  }

  @Test
  void environmentIsUsedWhenNoDirectoryIsGivenAndTheExplicitOneWins() throws IOException {
    Path fromEnv = CifarFixtures.writeCifar10(tmp.resolve("env/cifar-10-batches-bin"), 1, 1, 1);
    Path explicit = CifarFixtures.writeCifar100(tmp.resolve("explicit"), 1, 1);
    DatasetLocator locator = locator(Map.of("JOINTCS_DATA", tmp.resolve("env").toString()));
    Dataset dataset = locator.locate(null);
    assertThat(dataset.root()).isEqualTo(fromEnv);
    assertThat(dataset.origin()).isEqualTo("$JOINTCS_DATA");
    assertThat(locator.locate(explicit).root()).isEqualTo(explicit);

    DatasetLocator missing = locator(Map.of("JOINTCS_DATA", tmp.resolve("nowhere").toString()));
    assertThatThrownBy(() -> missing.locate(null))
        .hasMessageContaining(tmp.resolve("nowhere").toString()).hasMessageContaining("$JOINTCS_DATA")
        .hasMessageContaining("does not exist");
  }

  @Test
  void standardCacheIsTheLastResort() throws IOException {
    DatasetLocator viaHome = locator(Map.of());
    assertThat(viaHome.datasetsDir()).isEqualTo(tmp.resolve("home/.cache/jointcs/datasets"));
    DatasetLocator viaEnv = locator(Map.of("JOINTCS_CACHE", tmp.resolve("cache").toString()));
    assertThat(viaEnv.datasetsDir()).isEqualTo(tmp.resolve("cache/datasets"));

    Path release = CifarFixtures.writeCifar10(viaEnv.datasetsDir().resolve("cifar-10-batches-bin"), 1, 1, 1);
    Dataset dataset = viaEnv.locate(null);
    assertThat(dataset.root()).isEqualTo(release);
    assertThat(dataset.origin()).isEqualTo("the datasets directory");
  }

  @Test
  void nothingFoundSaysWhereToPutTheDataAndInWhichLayouts() throws IOException {
    DatasetLocator locator = locator(Map.of());
    Path datasets = locator.datasetsDir();
    assertThatThrownBy(() -> locator.locate(null))
        .isInstanceOf(NoDatasetFoundException.class)
        .hasMessageContaining("--data was not given, $JOINTCS_DATA is not set")
        .hasMessageContaining(datasets + " does not exist")
        .hasMessageContaining(datasets.resolve("cifar-10-batches-bin") + "/{data_batch_1..5.bin, test_batch.bin")
        .hasMessageContaining("cifar-10-binary.tar.gz")
        .hasMessageContaining(datasets.resolve("cifar-100-binary").toString())
        .hasMessageContaining(datasets + "/<name>/{train,test}/<class>/*.jpg|png");

    Files.createDirectories(datasets.resolve("unrelated"));
    assertThatThrownBy(() -> locator.locate(null))
        .isInstanceOf(NoDatasetFoundException.class)
        .hasMessageContaining(datasets + " holds no data set in a known layout");
  }

  @Test
  void imagesDirectlyUnderTheSplitNameTheDirectoryAndTheLayout() throws IOException {
    Path root = tmp.resolve("flat");
    ImageFixtures.writePng(root.resolve("train/0001.png"), 32, 32, 0x102030);
    ImageFixtures.writePng(root.resolve("train/0002.png"), 32, 32, 0x102030);
    Dataset dataset = locator(Map.of()).locate(root);
    assertThatThrownBy(() -> dataset.load("train", tmp.resolve("cache")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(root.resolve("train") + " holds 2 images directly but no class sub-directories")
        .hasMessageContaining(root.resolve("train") + "/<class>/*.jpg|png");
  }

  @Test
  void pointingAtASplitOrAtLooseImagesIsExplained() throws IOException {
    Path root = tmp.resolve("pets");
    ImageFixtures.writeSplit(root.resolve("train"), 1, "cat", "dog");
    assertThatThrownBy(() -> locator(Map.of()).locate(root.resolve("train")))
        .hasMessageContaining(root.resolve("train") + " (from --data) looks like a single split")
        .hasMessageContaining("<root>/<split>/<class>/*.jpg|png")
        .hasMessageContaining("point at its parent " + root + " instead");
    assertThatThrownBy(() -> locator(Map.of()).locate(root.resolve("train/cat")))
        .hasMessageContaining(root.resolve("train/cat") + " (from --data) holds 1 images directly");
  }

  @Test
  void severalDataSetsMustBeChosenBetween() throws IOException {
    Path datasets = tmp.resolve("datasets");
    CifarFixtures.writeCifar10(datasets.resolve("cifar-10-batches-bin"), 1, 1, 1);
    ImageFixtures.writeSplit(datasets.resolve("pets/train"), 1, "cat", "dog");
    assertThatThrownBy(() -> locator(Map.of()).locate(datasets))
        .hasMessageContaining("holds several data sets")
        .hasMessageContaining("cifar-10-batches-bin (CIFAR10_BINARY)")
        .hasMessageContaining("pets (IMAGE_FOLDER)");
  }

  @Test
  void directoryWithoutAKnownLayoutGetsTheLayoutHelp() throws IOException {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    assertThatThrownBy(() -> locator(Map.of()).locate(empty))
        .isNotInstanceOf(NoDatasetFoundException.class)
        .hasMessageContaining(empty + " (from --data) holds no data set in a known layout")
        .hasMessageContaining("CIFAR-10 binary").hasMessageContaining("ImageFolder");
  }
}
