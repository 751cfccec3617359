package io.jointcs.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.jointcs.data.LabeledImages;
import io.jointcs.model.Architecture;
import io.jointcs.model.ModelSpec;
import io.jointcs.model.Network;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerResumeTest {
  private static final ModelSpec SPEC = ModelSpec.uniformlyScaled(Architecture.RESNET20, 4, 0.25);

  private static LabeledImages randomImages(int n) {
    Random random = new Random(11);
    byte[] pixels = new byte[n * LabeledImages.IMAGE_BYTES];
    random.nextBytes(pixels);
    int[] labels = new int[n];
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      labels[i] = i % 4;
      ids.add("img" + i);
    }
    return new LabeledImages(List.of("a", "b", "c", "d"), ids, labels, pixels);
  }

  private static TrainingConfig config() {
    return new TrainingConfig(2, 8, 0.05, 0.9, 5e-4, 0.1, LearningRateSchedule.COSINE, true, 5, 0);
  }

  @Test
  void resumedRunEndsWithTheSameWeightsAsAnUninterruptedOne(@TempDir Path dir) throws Exception {
    LabeledImages images = randomImages(32);
    try (NDManager manager = NDManager.newBaseManager()) {
      float[] straight;
      try (Network network = Network.initialize(SPEC, manager, 5)) {
        new Trainer(config(), dir.resolve("straight"), null, null).train(network, images, null);
        straight = probe(network, manager);
      }
      Path resumed = dir.resolve("resumed");
      try (Network network = Network.initialize(SPEC, manager, 5)) {
        // a zero time limit stops after the first step, with a checkpoint
        TrainingState stopped = new Trainer(config(), resumed, null, java.time.Duration.ZERO)
            .train(network, images, null);
        assertThat(stopped.globalStep()).isEqualTo(1);
      }
      float[] continued;
      try (Network network = Network.initialize(SPEC, manager, 99)) {
        TrainingState done = new Trainer(config(), resumed, null, null).train(network, images, null);
        assertThat(done.finished()).isTrue();
        assertThat(done.history()).hasSize(2);
        continued = probe(network, manager);
      }
      for (int i = 0; i < straight.length; i++) {
        assertThat(continued[i]).isCloseTo(straight[i], org.assertj.core.data.Offset.offset(1e-4f));
      }
    }
  }

  @Test
  void resumingWithAnotherRecipeIsRefused(@TempDir Path dir) throws Exception {
    LabeledImages images = randomImages(16);
    try (NDManager manager = NDManager.newBaseManager();
        Network network = Network.initialize(SPEC, manager, 5)) {
      new Trainer(config(), dir, null, java.time.Duration.ZERO).train(network, images, null);
      TrainingConfig other = new TrainingConfig(3, 8, 0.05, 0.9, 5e-4, 0.1, LearningRateSchedule.COSINE, true, 5, 0);
      assertThatThrownBy(() -> new Trainer(other, dir, null, null).train(network, images, null))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("same recipe");
    }
  }

  private static float[] probe(Network network, NDManager manager) {
    try (NDManager scratch = manager.newSubManager()) {
      NDArray x = scratch.ones(network.inputShape(2));
      return network.forward(x, false).toFloatArray();
    }
  }
}
