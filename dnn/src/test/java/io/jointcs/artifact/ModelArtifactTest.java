package io.jointcs.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.jointcs.json.Json;
import io.jointcs.model.Architecture;
import io.jointcs.model.ModelSpec;
import io.jointcs.model.Network;
import io.jointcs.pruning.TestNetworks;
import io.jointcs.segmentation.CutQuantization;
import io.jointcs.segmentation.Head;
import io.jointcs.segmentation.SplitModel;
import io.jointcs.segmentation.Tail;
import io.jointcs.training.TrainingConfig;
import io.jointcs.training.TrainingState;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelArtifactTest {
  private static final ModelSpec SPEC = ModelSpec.uniformlyScaled(Architecture.RESNET20, 10, 0.5);
  private static NDManager manager;
  private static Network network;

  @TempDir
  Path dir;

  @BeforeAll
  static void start() {
    manager = NDManager.newBaseManager();
    network = TestNetworks.randomized(SPEC, manager, 1);
  }

  @AfterAll
  static void stop() {
    network.close();
    manager.close();
  }

  @Test
  void fullArtifactRoundTripsThroughTheStoreUnderItsSha256() throws IOException {
    FileArtifactStore store = new FileArtifactStore(dir.resolve("store"));
    ModelArtifact artifact = ModelArtifact.of(network);
    assertThat(ModelArtifact.of(network).sha256()).isEqualTo(artifact.sha256());
    ArtifactRef ref = store.put(artifact);
    assertThat(ref).isEqualTo(new ArtifactRef(artifact.sha256(), ArtifactKind.FULL, SPEC,
        SPEC.plan().blockCount(), CutQuantization.NONE, artifact.sizeBytes()));
    Path file = store.root().resolve(ref.sha256() + ".jcsm");
    assertThat(Files.size(file)).isEqualTo(ref.sizeBytes());
    assertThat(Sha256.of(Files.readAllBytes(file))).isEqualTo(ref.sha256());
    assertThat(store.put(artifact)).isEqualTo(ref);
    assertThat(store.contains(ref.sha256())).isTrue();
    try (var files = Files.list(store.root())) {
      assertThat(files.map(f -> f.getFileName().toString())).containsExactly(ref.sha256() + ".jcsm");
    }
    try (NDManager scope = manager.newSubManager();
        LoadedModel loaded = store.load(ref.sha256(), scope)) {
      assertThat(loaded).isInstanceOf(LoadedModel.Full.class);
      Network copy = ((LoadedModel.Full) loaded).network();
      NDArray x = TestNetworks.images(scope, 2, 2);
      assertThat(TestNetworks.maxAbsDiff(copy.forward(x, false), network.forward(x, false))).isEqualTo(0.0);
      assertThat(ModelArtifact.of(copy).sha256()).isEqualTo(ref.sha256());
    }
    assertThat(Json.mapper().readValue(Json.mapper().writeValueAsString(ref), ArtifactRef.class)).isEqualTo(ref);
  }

  @Test
  void headAndTailLoadWithoutEachOtherAndReproduceTheSplitModel() throws IOException {
    FileArtifactStore store = new FileArtifactStore(dir);
    int cut = 4;
    ArtifactRef headRef;
    ArtifactRef tailRef;
    try (SplitModel split = SplitModel.split(network, cut, CutQuantization.INT8)) {
      headRef = store.put(ModelArtifact.of(split.head()));
      tailRef = store.put(ModelArtifact.of(split.tail()));
    }
    assertThat(headRef.kind()).isEqualTo(ArtifactKind.HEAD);
    assertThat(headRef.cutPoint()).isEqualTo(cut);
    assertThat(headRef.quantization()).isEqualTo(CutQuantization.INT8);
    assertThat(tailRef.kind()).isEqualTo(ArtifactKind.TAIL);
    assertThat(headRef.sizeBytes() + tailRef.sizeBytes()).isLessThan(2 * ModelArtifact.of(network).sizeBytes());

    try (NDManager device = manager.newSubManager(); NDManager edge = manager.newSubManager()) {
      NDArray x = TestNetworks.images(device, 3, 3);
      try (Head head = store.loadHead(headRef.sha256(), device);
          Tail tail = store.loadTail(tailRef.sha256(), edge)) {
        assertThat(head.blocks().layers().keySet()).allMatch(name -> name.matches("b[1-4]\\..*"));
        assertThat(tail.blocks().layers().keySet()).noneMatch(name -> name.matches("b[1-4]\\..*"));
        NDArray scores = tail.run(head.run(x), edge);
        NDArray expected = SplitModel.split(network, cut, CutQuantization.INT8).forward(device, x);
        assertThat(TestNetworks.maxAbsDiff(scores, expected)).isEqualTo(0.0);
      }
    }
  }

  @Test
  void corruptOrTruncatedFilesFailTheChecksumNamingFileAndDigests() throws IOException {
    FileArtifactStore store = new FileArtifactStore(dir);
    ArtifactRef ref = store.put(ModelArtifact.of(network));
    Path file = store.pathOf(ref.sha256());
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x10;
    Files.write(file, bytes);
    assertThatThrownBy(() -> store.get(ref.sha256())).isInstanceOf(IOException.class)
        .hasMessageContaining(file.toString()).hasMessageContaining("corrupt")
        .hasMessageContaining("expected sha256 " + ref.sha256()).hasMessageContaining("actual " + Sha256.of(bytes));

    Files.write(file, Arrays.copyOf(bytes, 100));
    assertThatThrownBy(() -> store.get(ref.sha256())).isInstanceOf(IOException.class)
        .hasMessageContaining(file.toString()).hasMessageContaining("expected sha256 " + ref.sha256());

    assertThat(store.put(ModelArtifact.of(network))).isEqualTo(ref);
    assertThat(store.get(ref.sha256()).sha256()).isEqualTo(ref.sha256());
  }

  @Test
  void truncatedOrMalformedBytesAreNamedByTheParser() throws IOException {
    byte[] good = ModelArtifact.of(network).toBytes();
    assertThatThrownBy(() -> ModelArtifact.parse(Arrays.copyOf(good, good.length - 10), "sample.jcsm"))
        .isInstanceOf(IOException.class).hasMessageContaining("sample.jcsm is truncated")
        .hasMessageContaining("weight bytes");
    assertThatThrownBy(() -> ModelArtifact.parse(Arrays.copyOf(good, 20), "sample.jcsm"))
        .isInstanceOf(IOException.class).hasMessageContaining("truncated").hasMessageContaining("header");
    assertThatThrownBy(() -> ModelArtifact.parse("PK\u0003\u0004 not ours".getBytes(), "sample.jcsm"))
        .isInstanceOf(IOException.class).hasMessageContaining("not a JointCS model artifact");
    byte[] longer = Arrays.copyOf(good, good.length + 3);
    assertThatThrownBy(() -> ModelArtifact.parse(longer, "sample.jcsm"))
        .isInstanceOf(IOException.class).hasMessageContaining("3 unexpected bytes");
    byte[] future = good.clone();
    future[7] = 9;
    assertThatThrownBy(() -> ModelArtifact.parse(future, "sample.jcsm"))
        .isInstanceOf(IOException.class).hasMessageContaining("format version 9");
    byte[] badJson = ArtifactFiles.frame("{\"kind\":\"FULL\",", new byte[0]);
    assertThatThrownBy(() -> ModelArtifact.parse(badJson, "sample.jcsm"))
        .isInstanceOf(IOException.class).hasMessageContaining("unreadable header");
  }

  @Test
  void anUnknownArchitectureInTheHeaderIsNamed() throws IOException {
    byte[] bytes = ArtifactFiles.frame(ArtifactFiles.header("FULL", "resnet999", 10, SPEC.widths(), 11, "NONE"),
        weightsOf(network));
    FileArtifactStore store = new FileArtifactStore(dir);
    String sha = Sha256.of(bytes);
    Files.write(store.pathOf(sha), bytes);
    assertThatThrownBy(() -> store.get(sha)).isInstanceOf(IOException.class)
        .hasMessageContaining(store.pathOf(sha).toString())
        .hasMessageContaining("unknown architecture 'resnet999'").hasMessageContaining("resnet20");
  }

  @Test
  void aHeaderWithAnImpossibleSpecOrCutIsNamed() throws IOException {
    byte[] widths = ArtifactFiles.frame(ArtifactFiles.header("FULL", "resnet20", 10, List.of(16, 32), 11, "NONE"),
        new byte[0]);
    assertThatThrownBy(() -> ModelArtifact.parse(widths, "x")).isInstanceOf(IOException.class)
        .hasMessageContaining("invalid spec").hasMessageContaining("12 channel groups");
    byte[] cut = ArtifactFiles.frame(ArtifactFiles.header("HEAD", "resnet20", 10, SPEC.widths(), 12, "INT8"),
        new byte[0]);
    assertThatThrownBy(() -> ModelArtifact.parse(cut, "x")).isInstanceOf(IOException.class)
        .hasMessageContaining("cut point 12, outside 0..11");
  }

  @Test
  void weightsThatDoNotMatchTheSpecAreRejectedOnLoad() throws IOException {
    ModelSpec slimmer = SPEC.withWidth(3, 4);
    byte[] bytes = ArtifactFiles.frame(
        ArtifactFiles.header("FULL", "resnet20", 10, slimmer.widths(), 11, "NONE"), weightsOf(network));
    ModelArtifact artifact = ModelArtifact.parse(bytes, "mismatch.jcsm");
    assertThatThrownBy(() -> artifact.loadNetwork(manager)).isInstanceOf(IOException.class)
        .hasMessageContaining("mismatch.jcsm").hasMessageContaining("do not match the spec")
        .hasMessageContaining("b2.conv1").hasMessageContaining("(8, 8, 3, 3)").hasMessageContaining("(4, 8, 3, 3)");

    // the head's weights offered as a tail at the same cut
    byte[] headBytes;
    try (SplitModel split = SplitModel.split(network, 3, CutQuantization.NONE)) {
      ModelArtifact head = ModelArtifact.of(split.head());
      byte[] file = head.toBytes();
      headBytes = Arrays.copyOfRange(file, file.length - (int) weightLength(file), file.length);
    }
    ModelArtifact tail = ModelArtifact.parse(ArtifactFiles.frame(
        ArtifactFiles.header("TAIL", "resnet20", 10, SPEC.widths(), 3, "NONE"), headBytes), "swapped.jcsm");
    assertThatThrownBy(() -> tail.loadTail(manager)).isInstanceOf(IOException.class)
        .hasMessageContaining("swapped.jcsm").hasMessageContaining("block 4");
  }

  @Test
  void checkpointWeightsThatDoNotMatchTheirSpecAreRejected() throws IOException {
    Path checkpoint = dir.resolve("checkpoint");
    Files.createDirectories(checkpoint);
    Files.write(checkpoint.resolve("weights-00000001.params"), weightsOf(network));
    ModelSpec claimed = SPEC.withWidth(0, 6);
    TrainingState state = new TrainingState(claimed, TrainingConfig.fineTune(1, 1), 10, 1, 1, 0, 0, 0, 0,
        "weights-00000001.params", "optimizer-00000001.params", List.of());
    Json.mapper().writeValue(checkpoint.resolve("state.json").toFile(), state);
    assertThatThrownBy(() -> ModelArtifact.fromCheckpoint(checkpoint, manager)).isInstanceOf(IOException.class)
        .hasMessageContaining("weights-00000001.params").hasMessageContaining("do not match the spec")
        .hasMessageContaining("b1.conv");

    TrainingState matching = new TrainingState(SPEC, TrainingConfig.fineTune(1, 1), 10, 1, 1, 0, 0, 0, 0,
        "weights-00000001.params", "optimizer-00000001.params", List.of());
    Json.mapper().writeValue(checkpoint.resolve("state.json").toFile(), matching);
    assertThat(ModelArtifact.fromCheckpoint(checkpoint, manager).sha256())
        .isEqualTo(ModelArtifact.of(network).sha256());
  }

  @Test
  void askingForTheWrongKindOrAMissingOrMalformedNameFailsClearly() throws IOException {
    FileArtifactStore store = new FileArtifactStore(dir);
    ArtifactRef full = store.put(ModelArtifact.of(network));
    assertThatThrownBy(() -> store.loadHead(full.sha256(), manager)).isInstanceOf(IOException.class)
        .hasMessageContaining("holds a FULL model part, not a HEAD one");
    String missing = "0".repeat(64);
    assertThatThrownBy(() -> store.get(missing)).isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("no artifact " + missing);
    assertThatThrownBy(() -> store.get("../etc/passwd")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a sha256");
  }

  private static byte[] weightsOf(Network network) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    network.saveParameters(new DataOutputStream(bytes));
    return bytes.toByteArray();
  }

  private static long weightLength(byte[] file) {
    int headerLength = java.nio.ByteBuffer.wrap(file, 8, 4).getInt();
    return java.nio.ByteBuffer.wrap(file, 12 + headerLength, 8).getLong();
  }
}
