package io.jointcs.pruning;

import io.jointcs.model.LayerWeights;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import io.jointcs.model.Architecture;
import io.jointcs.model.LayerDescriptor;
import io.jointcs.model.LayerType;
import io.jointcs.model.ModelSpec;
import io.jointcs.model.Network;
import io.jointcs.training.LearningRateSchedule;
import io.jointcs.training.Trainer;
import io.jointcs.training.TrainingConfig;
import io.jointcs.training.TrainingState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class PrunerTest {
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
  @EnumSource(Architecture.class)
  void prunedNetworkHasTheTargetShapesParametersAndMacs(Architecture architecture) {
    // a half-width source keeps VGG affordable; the target is pruned below it group by group
    ModelSpec base = ModelSpec.uniformlyScaled(architecture, 10, 0.5);
    ModelSpec target = TestNetworks.randomWidths(base, architecture.ordinal());
    try (NDManager scope = manager.newSubManager();
        Network source = Network.initialize(base, scope, 1);
        PruningResult pruned = Pruner.prune(source, target, L1NormRanking.plain(), scope)) {
      Network network = pruned.network();
      assertThat(network.spec()).isEqualTo(target);
      for (LayerDescriptor layer : network.plan().layers()) {
        Map<String, Parameter> weights = LayerWeights.parameters(layer, network.layers().get(layer.name()));
        if (layer.type() == LayerType.CONV || layer.type() == LayerType.DEPTHWISE_CONV) {
          Shape weight = weights.get(LayerWeights.CONV_WEIGHT).getArray().getShape();
          assertThat(weight.get(0)).as(layer.name()).isEqualTo(target.width(layer.outputGroup()));
          long inputs = layer.inputGroup() < 0 ? 3 : target.width(layer.inputGroup());
          assertThat(weight.get(1)).as(layer.name())
              .isEqualTo(layer.type() == LayerType.DEPTHWISE_CONV ? 1 : inputs);
          assertThat(weights.get(LayerWeights.BN_GAMMA).getArray().getShape())
              .isEqualTo(new Shape(target.width(layer.outputGroup())));
        }
        if (layer.type() == LayerType.LINEAR) {
          assertThat(weights.get(LayerWeights.FC_WEIGHT).getArray().getShape())
              .isEqualTo(new Shape(10, target.width(layer.inputGroup())));
        }
      }
      for (int g = 0; g < target.widths().size(); g++) {
        assertThat(pruned.selection().kept().get(g)).hasSize(target.width(g)).isSorted();
      }
      assertThat(TestNetworks.learnableParameters(network)).isEqualTo(target.plan().params());
      assertThat(TestNetworks.measuredMacs(network, scope)).isEqualTo(target.plan().macs());
    }
  }

  @ParameterizedTest
  @EnumSource(value = Architecture.class, names = {"RESNET20", "VGG16_BN", "MOBILENET_V2"})
  void pruningNothingReproducesTheOutputs(Architecture architecture) {
    ModelSpec spec = ModelSpec.uniformlyScaled(architecture, 10, 0.5);
    try (NDManager scope = manager.newSubManager();
        Network source = TestNetworks.randomized(spec, scope, 3);
        PruningResult pruned = Pruner.prune(source, spec, L1NormRanking.plain(), scope)) {
      NDArray x = TestNetworks.images(scope, 2, 4);
      assertThat(pruned.selection().isIdentity()).isTrue();
      assertThat(pruned.selection().keptIndices(0)).containsExactly(IntStream.range(0, spec.width(0)).toArray());
      assertThat(TestNetworks.maxAbsDiff(pruned.network().forward(x, false), source.forward(x, false)))
          .isLessThanOrEqualTo(1e-5);
    }
  }

  @ParameterizedTest
  @CsvSource({"RESNET20, stage1", "RESNET20, stage2", "RESNET20, s2b0.mid", "RESNET20, stage3", "VGG16_BN, conv4",
      "VGG16_BN, conv13", "MOBILENET_V2, stem", "MOBILENET_V2, stage2", "MOBILENET_V2, s3b1.expand", "MOBILENET_V2, last"})
  void removesTheLowestL1ChannelAndKeepsTheFunctionWhenThatChannelIsDead(Architecture architecture, String name) {
    // every producer of channel 2 has a zero filter and a batch-norm that outputs exactly 0, so the
    // channel is 0 everywhere (residual sums included) and removing it changes nothing
    ModelSpec spec = ModelSpec.uniformlyScaled(architecture, 10, 0.25);
    int group = architecture.channelGroup(name).index();
    int dead = 2;
    try (NDManager scope = manager.newSubManager();
        Network source = TestNetworks.randomized(spec, scope, 5)) {
      for (LayerDescriptor layer : source.plan().layers()) {
        if (layer.outputGroup() == group && layer.type() != LayerType.LINEAR
            && !LayerWeights.parameters(layer, source.layers().get(layer.name())).isEmpty()) {
          Map<String, Parameter> weights = weightsOf(source, layer.name());
          scaleChannel(weights.get(LayerWeights.CONV_WEIGHT).getArray(), dead, 0f);
          scaleChannel(weights.get(LayerWeights.BN_GAMMA).getArray(), dead, 0f);
          scaleChannel(weights.get(LayerWeights.BN_BETA).getArray(), dead, 0f);
        }
      }
      ModelSpec target = spec.withWidth(group, spec.width(group) - 1);
      try (PruningResult pruned = Pruner.prune(source, target, L1NormRanking.plain(), scope)) {
        assertThat(pruned.selection().kept().get(group)).doesNotContain(dead).hasSize(spec.width(group) - 1);
        NDArray x = TestNetworks.images(scope, 2, 6);
        NDArray expected = source.forward(x, false);
        assertThat(TestNetworks.maxAbsDiff(pruned.network().forward(x, false), expected))
            .isLessThanOrEqualTo(1e-4 * Math.max(1, expected.abs().max().getFloat()));
      }
    }
  }

  @Test
  void rankingSumsTheFiltersOfEveryLayerTiedToAResidualGroup() {
    ModelSpec spec = ModelSpec.base(Architecture.RESNET20, 10);
    int stage1 = 0;
    int weak = 7;
    try (NDManager scope = manager.newSubManager();
        Network source = Network.initialize(spec, scope, 8)) {
      List<String> producers = source.plan().layers().stream().filter(l -> l.outputGroup() == stage1)
          .filter(l -> l.type() == LayerType.CONV).map(LayerDescriptor::name).toList();
      assertThat(producers).containsExactly("b1.conv", "b2.conv2", "b3.conv2", "b4.conv2");
      double expected = 0;
      for (String layer : producers) {
        NDArray weight = weightsOf(source, layer).get(LayerWeights.CONV_WEIGHT).getArray();
        scaleChannel(weight, weak, 0.01f);
        expected += weight.get(3).abs().sum().getFloat();
      }
      double[] importance = L1NormRanking.plain().importance(source, stage1);
      assertThat(importance).hasSize(16);
      assertThat(importance[3]).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-3 * expected));
      ChannelSelection selection = Pruner.select(source, spec.withWidth(stage1, 15), L1NormRanking.plain());
      assertThat(selection.kept().get(stage1)).doesNotContain(weak).hasSize(15);
    }
  }

  @Test
  void gammaScaledRankingDropsAStrongFilterWhoseBatchNormSilencesIt() {
    ModelSpec spec = ModelSpec.uniformlyScaled(Architecture.VGG16_BN, 10, 0.125);
    try (NDManager scope = manager.newSubManager();
        Network source = Network.initialize(spec, scope, 9)) {
      Map<String, Parameter> conv1 = weightsOf(source, "b1.conv");
      scaleChannel(conv1.get(LayerWeights.CONV_WEIGHT).getArray(), 2, 100f);
      scaleChannel(conv1.get(LayerWeights.BN_GAMMA).getArray(), 2, 0f);
      ModelSpec target = spec.withWidth(0, spec.width(0) - 1);
      assertThat(Pruner.select(source, target, L1NormRanking.plain()).kept().get(0)).contains(2);
      assertThat(Pruner.select(source, target, L1NormRanking.gammaScaled()).kept().get(0)).doesNotContain(2);
    }
  }

  @Test
  void rejectsAWiderTargetOrAnotherArchitectureNamingTheProblem() {
    ModelSpec spec = ModelSpec.base(Architecture.RESNET20, 10);
    try (NDManager scope = manager.newSubManager();
        Network source = Network.initialize(spec, scope, 10)) {
      assertThatThrownBy(() -> Pruner.prune(source, spec.withWidth(4, 20), L1NormRanking.plain()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'s1b1.mid'").hasMessageContaining("16").hasMessageContaining("20");
      assertThatThrownBy(() -> Pruner.prune(source, ModelSpec.base(Architecture.RESNET32, 10), L1NormRanking.plain()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("resnet20").hasMessageContaining("resnet32");
      assertThatThrownBy(() -> Pruner.prune(source, ModelSpec.base(Architecture.RESNET20, 100), L1NormRanking.plain()))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("100-class");
    }
  }

  @Test
  void prunedNetworkSurvivesSaveAndLoad() throws Exception {
    ModelSpec spec = ModelSpec.uniformlyScaled(Architecture.MOBILENET_V2, 10, 0.5);
    ModelSpec target = TestNetworks.randomWidths(spec, 11);
    try (NDManager scope = manager.newSubManager();
        Network source = TestNetworks.randomized(spec, scope, 11);
        PruningResult pruned = Pruner.prune(source, target, L1NormRanking.gammaScaled(), scope)) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      pruned.network().saveParameters(new DataOutputStream(bytes));
      try (Network loaded = Network.load(target, scope,
          new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())))) {
        NDArray x = TestNetworks.images(scope, 2, 12);
        assertThat(TestNetworks.maxAbsDiff(loaded.forward(x, false), pruned.network().forward(x, false)))
            .isEqualTo(0.0);
      }
    }
  }

  @Test
  void pruningLeavesTheSourceUntouchedSoItCanBePrunedAgain() {
    ModelSpec spec = ModelSpec.uniformlyScaled(Architecture.RESNET20, 10, 0.5);
    try (NDManager scope = manager.newSubManager();
        Network source = TestNetworks.randomized(spec, scope, 16)) {
      NDArray x = TestNetworks.images(scope, 2, 16);
      NDArray before = source.forward(x, false);
      try (PruningResult first = Pruner.prune(source, TestNetworks.randomWidths(spec, 16), L1NormRanking.plain());
          PruningResult second = Pruner.prune(source, TestNetworks.randomWidths(spec, 17), L1NormRanking.plain())) {
        for (LayerDescriptor layer : source.plan().layers()) {
          for (Map.Entry<String, Parameter> entry : LayerWeights.parameters(layer, source.layers().get(layer.name()))
              .entrySet()) {
            assertThat(entry.getValue().getArray().getShape()).as(layer.name() + " " + entry.getKey())
                .isEqualTo(LayerWeights.expectedShapes(layer).get(entry.getKey()));
          }
        }
        assertThat(TestNetworks.maxAbsDiff(source.forward(x, false), before)).isEqualTo(0.0);
        assertThat(second.network().forward(x, false).getShape()).isEqualTo(new Shape(2, 10));
      }
    }
  }

  @Test
  void closingTheSourceLeavesThePrunedNetworkUsable() {
    ModelSpec spec = ModelSpec.base(Architecture.RESNET20, 10);
    try (NDManager scope = manager.newSubManager()) {
      PruningResult pruned;
      try (Network source = Network.initialize(spec, scope, 13)) {
        pruned = Pruner.prune(source, ModelSpec.uniformlyScaled(Architecture.RESNET20, 10, 0.5),
            L1NormRanking.plain());
      }
      try (pruned) {
        assertThat(pruned.network().forward(TestNetworks.images(scope, 1, 14), false).getShape())
            .isEqualTo(new Shape(1, 10));
      }
    }
  }

  @Test
  void prunedAndRecalibratedNetworkFineTunesWithTheTrainer() throws Exception {
    ModelSpec spec = ModelSpec.uniformlyScaled(Architecture.RESNET20, 10, 0.5);
    io.jointcs.data.LabeledImages images = TestNetworks.labeledImages(8, 10, 15);
    try (NDManager scope = manager.newSubManager();
        Network source = TestNetworks.randomized(spec, scope, 15);
        PruningResult pruned = Pruner.prune(source, TestNetworks.randomWidths(spec, 15), L1NormRanking.plain())) {
      BatchNormRecalibration.recalibrate(pruned.network(), images, 2, 4, 15);
      float[] before = weightsOf(pruned.network(), "b1.conv").get(LayerWeights.CONV_WEIGHT).getArray().toFloatArray();
      TrainingConfig tiny = new TrainingConfig(1, 4, 0.01, 0.9, 5e-4, 0, LearningRateSchedule.COSINE, true, 15, 0);
      TrainingState state = new Trainer(tiny, null, null, null).train(pruned.network(), images, null);
      assertThat(state.globalStep()).isEqualTo(2);
      assertThat(state.history().get(0).trainLoss()).isFinite();
      assertThat(weightsOf(pruned.network(), "b1.conv").get(LayerWeights.CONV_WEIGHT).getArray().toFloatArray())
          .isNotEqualTo(before);
      assertThat(TestNetworks.learnableParameters(pruned.network())).isEqualTo(pruned.network().plan().params());
    }
  }

  private static Map<String, Parameter> weightsOf(Network network, String layer) {
    LayerDescriptor descriptor = network.plan().layers().stream().filter(l -> l.name().equals(layer)).findFirst()
        .orElseThrow();
    return LayerWeights.parameters(descriptor, network.layers().get(layer));
  }

  /** Multiplies slice {@code channel} of axis 0 by {@code factor}. */
  private static void scaleChannel(NDArray array, int channel, float factor) {
    float[] values = array.toFloatArray();
    int per = (int) (array.size() / array.getShape().get(0));
    for (int i = channel * per; i < (channel + 1) * per; i++) {
      values[i] *= factor;
    }
    array.set(values);
  }
}
