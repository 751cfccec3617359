package io.jointcs.segmentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.jointcs.data.BatchSampler;
import io.jointcs.data.LabeledImages;
import io.jointcs.model.Architecture;
import io.jointcs.model.ModelSpec;
import io.jointcs.model.Network;
import io.jointcs.model.NetworkPlan;
import io.jointcs.pruning.TestNetworks;
import io.jointcs.training.Evaluator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SplitModelTest {
  private static NDManager manager;

  @BeforeAll
  static void start() {
    manager = NDManager.newBaseManager();
  }

  @AfterAll
  static void stop() {
    manager.close();
  }

  @ParameterizedTest
  @EnumSource(value = Architecture.class, names = {"RESNET20", "MOBILENET_V2"})
  void tailOfHeadEqualsTheFullModelAtEveryCutAndSendsThePlannedBytes(Architecture architecture) {
    ModelSpec spec = ModelSpec.uniformlyScaled(architecture, 10, 0.5);
    try (NDManager scope = manager.newSubManager();
        Network network = TestNetworks.randomized(spec, scope, 1)) {
      NetworkPlan plan = network.plan();
      NDArray x = TestNetworks.images(scope, 1, 2);
      NDArray expected = network.forward(x, false);
      for (int cut = 0; cut <= plan.blockCount(); cut++) {
        try (NDManager step = scope.newSubManager()) {
          SplitModel split = SplitModel.split(network, cut, CutQuantization.NONE);
          CutTensor sent = split.head().run(x);
          assertThat(sent.sizeBytes()).as("bytes at cut %d", cut).isEqualTo(plan.cutBytes(cut, 32));
          assertThat(sent.shape()).isEqualTo(BlockRange.cutShape(plan, cut, 1));
          NDArray scores = split.tail().run(sent, step);
          assertThat(TestNetworks.maxAbsDiff(scores, expected)).as("cut %d", cut).isLessThanOrEqualTo(1e-5);
          CutTensor quantized = CutTensor.encode(sent.decode(step), CutQuantization.INT8);
          assertThat(quantized.sizeBytes()).as("int8 bytes at cut %d", cut).isEqualTo(plan.cutBytes(cut, 8));
        }
      }
    }
  }

  @Test
  void quantizedSplitAgreesWithTheFloatModelOnMostInputs() {
    ModelSpec spec = ModelSpec.uniformlyScaled(Architecture.RESNET20, 10, 0.5);
    try (NDManager scope = manager.newSubManager();
        Network network = TestNetworks.randomized(spec, scope, 3)) {
      // label random images with the float model's own predictions: accuracy is then agreement
      LabeledImages unlabeled = TestNetworks.labeledImages(new int[32], 10, 4);
      NDArray x = scope.create(BatchSampler.pixels(unlabeled, IntStream.range(0, 32).toArray(), null),
          new Shape(32, 3, 32, 32));
      int[] floatPredictions = network.forward(x, false).argMax(1).toType(ai.djl.ndarray.types.DataType.INT32, false)
          .toIntArray();
      LabeledImages images = TestNetworks.labeledImages(floatPredictions, 10, 4);
      for (int cut : new int[] {0, 2, 5, 9}) {
        try (SplitModel split = SplitModel.split(network, cut, CutQuantization.INT8)) {
          Evaluator.Accuracy accuracy = Evaluator.evaluate(scope, images, null, split.scores());
          assertThat(accuracy.top1()).as("agreement at cut %d", cut).isGreaterThanOrEqualTo(0.9);
        }
      }
      assertThat(Evaluator.evaluate(network, images, null).top1()).isEqualTo(1.0);
    }
  }

  @Test
  void splittingDoesNotCloseOrChangeTheNetwork() {
    ModelSpec spec = ModelSpec.uniformlyScaled(Architecture.RESNET20, 10, 0.25);
    try (NDManager scope = manager.newSubManager();
        Network network = TestNetworks.randomized(spec, scope, 5)) {
      NDArray x = TestNetworks.images(scope, 2, 6);
      NDArray before = network.forward(x, false);
      try (SplitModel split = SplitModel.split(network, 3, CutQuantization.INT8)) {
        assertThat(split.head().blocks().ownsWeights()).isFalse();
        split.forward(scope, x);
      }
      assertThat(TestNetworks.maxAbsDiff(network.forward(x, false), before)).isEqualTo(0.0);
    }
  }

  @Test
  void tailRejectsACutTensorOfTheWrongShape() {
    ModelSpec spec = ModelSpec.uniformlyScaled(Architecture.RESNET20, 10, 0.25);
    try (NDManager scope = manager.newSubManager();
        Network network = TestNetworks.randomized(spec, scope, 7)) {
      NDArray x = TestNetworks.images(scope, 1, 8);
      CutTensor atTwo = SplitModel.split(network, 2, CutQuantization.NONE).head().run(x);
      Tail atFive = SplitModel.split(network, 5, CutQuantization.NONE).tail();
      assertThatThrownBy(() -> atFive.run(atTwo, scope)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("cut point 5").hasMessageContaining(atTwo.shape().toString());
      assertThatThrownBy(() -> SplitModel.split(network, network.plan().blockCount() + 1, CutQuantization.NONE))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside 0..");
    }
  }
}
