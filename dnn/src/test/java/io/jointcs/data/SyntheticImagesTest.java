package io.jointcs.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import io.jointcs.model.Architecture;
import io.jointcs.model.ModelSpec;
import io.jointcs.model.Network;
import io.jointcs.training.Evaluator;
import io.jointcs.training.LearningRateSchedule;
import io.jointcs.training.Trainer;
import io.jointcs.training.TrainingConfig;
import io.jointcs.training.TrainingState;
import java.util.HashSet;
import org.junit.jupiter.api.Test;

class SyntheticImagesTest {

  @Test
  void sameSeedSameImagesAndClassesInterleaved() {
    LabeledImages a = SyntheticImages.generate(4, 3, 7);
    assertThat(a.size()).isEqualTo(12);
    assertThat(a.classNames()).containsExactly("class-0", "class-1", "class-2", "class-3");
    assertThat(a.labels()).containsExactly(0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3);
    assertThat(a.ids().get(5)).isEqualTo("synthetic-7#5");
    assertThat(SyntheticImages.generate(4, 3, 7).pixels()).isEqualTo(a.pixels());
    assertThat(SyntheticImages.generate(4, 3, 8).pixels()).isNotEqualTo(a.pixels());
    // no two images alike, and the pixels use a good part of the byte range
    HashSet<Integer> distinct = new HashSet<>();
    for (int i = 0; i < a.size(); i++) {
      distinct.add(java.util.Arrays.hashCode(java.util.Arrays.copyOfRange(a.pixels(),
          i * LabeledImages.IMAGE_BYTES, (i + 1) * LabeledImages.IMAGE_BYTES)));
    }
    assertThat(distinct).hasSize(12);
    assertThatThrownBy(() -> SyntheticImages.generate(1, 3, 7)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void hsvPrimariesAreRight() {
    assertThat(SyntheticImages.hsvToRgb(0, 1, 1)).containsExactly(1, 0, 0);
    assertThat(SyntheticImages.hsvToRgb(1.0 / 3, 1, 1)).containsExactly(0, 1, 0);
    assertThat(SyntheticImages.hsvToRgb(2.0 / 3, 1, 1)).containsExactly(0, 0, 1);
  }

  /** The point of the data: a small network learns it in a few dozen steps, judged on unseen images. */
  @Test
  void smallResnetLearnsItWellAboveChance() throws Exception {
    LabeledImages train = SyntheticImages.generate(10, 32, 1);
    LabeledImages heldOut = SyntheticImages.generate(10, 20, 2);
    ModelSpec spec = ModelSpec.uniformlyScaled(Architecture.RESNET20, 10, 0.25);
    // 320 images, batch 32: 10 steps per epoch, 50 steps in all
    TrainingConfig config = new TrainingConfig(5, 32, 0.05, 0.9, 5e-4, 0, LearningRateSchedule.COSINE, true, 3, 0);
    long start = System.nanoTime();
    try (NDManager manager = NDManager.newBaseManager(); Network network = Network.initialize(spec, manager, 3)) {
      // one intra-op thread: on a shared 2-core machine, two spinning OpenMP threads made this 20x slower
      int threads = JniUtils.getNumThreads();
      JniUtils.setNumThreads(1);
      try {
        double before = Evaluator.evaluate(network, heldOut, null).top1();
        TrainingState state = new Trainer(config, null, null, null).train(network, train, null);
        double after = Evaluator.evaluate(network, heldOut, null).top1();
        System.out.printf("synthetic 10 classes, resnet20 x0.25, %d steps: held-out top-1 %.3f -> %.3f in %.1f s%n",
            state.globalStep(), before, after, (System.nanoTime() - start) / 1e9);
        assertThat(state.globalStep()).isEqualTo(50);
        assertThat(after).isGreaterThan(0.6); // chance is 0.1; seeds 3..5 gave 0.90 to 1.00
      } finally {
        JniUtils.setNumThreads(threads);
      }
    }
  }
}
