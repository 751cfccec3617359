package io.jointcs.pruning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.jointcs.data.BatchSampler;
import io.jointcs.data.LabeledImages;
import io.jointcs.model.Architecture;
import io.jointcs.model.ModelSpec;
import io.jointcs.model.Network;
import io.jointcs.model.blocks.ConvBnAct;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BatchNormRecalibrationTest {
  private static NDManager manager;

  @BeforeAll
  static void start() {
    manager = NDManager.newBaseManager();
  }

  @AfterAll
  static void stop() {
    manager.close();
  }

  @Test
  void oneBatchGivesThatBatchsMeanAndUnbiasedVariance() {
    LabeledImages images = TestNetworks.labeledImages(6, 10, 1);
    try (NDManager scope = manager.newSubManager();
        Network network = TestNetworks.randomized(ModelSpec.uniformlyScaled(Architecture.RESNET20, 10, 0.5),
            scope, 2)) {
      float[] weightsBefore = stem(network).conv().getParameters().get("weight").getArray().toFloatArray();
      BatchNormRecalibration.Result result = BatchNormRecalibration.recalibrate(network, images, 1, 6, 3);
      assertThat(result.batches()).isEqualTo(1);
      assertThat(result.images()).isEqualTo(6);
      assertThat(result.batchNormLayers()).isEqualTo(21); // stem, 18 block convolutions, 2 projection shortcuts

      float[][] expected = stemStatistics(network, scope, images, IntStream.range(0, 6).toArray());
      assertThat(runningMean(network)).containsExactly(expected[0], within(1e-4f));
      assertThat(runningVar(network)).containsExactly(expected[1], within(1e-3f * max(expected[1])));
      assertThat(stem(network).conv().getParameters().get("weight").getArray().toFloatArray())
          .containsExactly(weightsBefore);
    }
  }

  @Test
  void severalBatchesAreAveragedWithEqualWeight() {
    LabeledImages images = TestNetworks.labeledImages(8, 10, 4);
    try (NDManager scope = manager.newSubManager();
        Network network = TestNetworks.randomized(ModelSpec.uniformlyScaled(Architecture.RESNET20, 10, 0.5),
            scope, 5)) {
      BatchNormRecalibration.recalibrate(network, images, 2, 4, 6);
      // two batches of 4 cover the 8 images once: the average of their means is the overall mean
      float[][] expected = stemStatistics(network, scope, images, IntStream.range(0, 8).toArray());
      assertThat(runningMean(network)).containsExactly(expected[0], within(1e-4f));
    }
  }

  @Test
  void recalibratedStatisticsMakeInferenceMatchTrainingModeOnTheSameBatch() {
    // with a batch large enough that unbiased and biased variance nearly agree
    LabeledImages images = TestNetworks.labeledImages(48, 10, 7);
    try (NDManager scope = manager.newSubManager();
        Network network = TestNetworks.randomized(ModelSpec.uniformlyScaled(Architecture.VGG16_BN, 10, 0.125),
            scope, 8)) {
      NDArray x = scope.create(BatchSampler.pixels(images, IntStream.range(0, 48).toArray(), null),
          new Shape(48, 3, 32, 32));
      BatchNormRecalibration.recalibrate(network, images, 1, 48, 9);
      NDArray inference = network.forward(x, false);
      NDArray training = network.forward(x, true);
      assertThat(TestNetworks.maxAbsDiff(inference, training))
          .isLessThan(0.05 * training.abs().max().getFloat());
    }
  }

  private static ConvBnAct stem(Network network) {
    return (ConvBnAct) network.layers().get("b1.conv");
  }

  private static float[] runningMean(Network network) {
    return stem(network).batchNorm().getParameters().get("runningMean").getArray().toFloatArray();
  }

  private static float[] runningVar(Network network) {
    return stem(network).batchNorm().getParameters().get("runningVar").getArray().toFloatArray();
  }

  /** Per-channel mean and unbiased variance of the stem convolution's output on the images. */
  private static float[][] stemStatistics(Network network, NDManager scope, LabeledImages images, int[] indices) {
    NDArray x = scope.create(BatchSampler.pixels(images, indices, null), new Shape(indices.length, 3, 32, 32));
    NDArray conv = stem(network).conv().forward(new ParameterStore(scope, false), new NDList(x), false)
        .singletonOrThrow();
    long channels = conv.getShape().get(1);
    long count = conv.size() / channels;
    NDArray mean = conv.sum(new int[] {0, 2, 3}).div(count);
    NDArray var = conv.sub(mean.reshape(1, channels, 1, 1)).pow(2).sum(new int[] {0, 2, 3}).div(count - 1);
    return new float[][] {mean.toFloatArray(), var.toFloatArray()};
  }

  private static float max(float[] values) {
    float max = 0;
    for (float v : values) {
      max = Math.max(max, Math.abs(v));
    }
    return max;
  }
}
