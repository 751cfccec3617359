package io.jointcs.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkPlanTest {

  @Test
  void resnet20HasTheShapeOfThePaper() {
    NetworkPlan plan = ModelSpec.base(Architecture.RESNET20, 10).plan();

    // stem + 9 basic blocks + classifier
    assertThat(plan.blockCount()).isEqualTo(11);
    assertThat(Architecture.RESNET20.channelGroups()).hasSize(12);
    // 0.27M parameters in He et al. with parameter-free shortcuts; projection shortcuts add 1x1 convs
    assertThat(plan.params()).isBetween(270_000L, 280_000L);
    // about 41M multiply-accumulates per image
    assertThat(plan.macs()).isBetween(40_000_000L, 42_000_000L);
    assertThat(plan.block(11).outChannels()).isEqualTo(10);
    assertThat(plan.block(7).outHeight()).isEqualTo(16);
    assertThat(plan.block(8).outHeight()).isEqualTo(8);
  }

  @Test
  void deeperResNetsAddBlocksNotStages() {
    assertThat(ModelSpec.base(Architecture.RESNET32, 10).plan().blockCount()).isEqualTo(17);
    assertThat(ModelSpec.base(Architecture.RESNET56, 10).plan().blockCount()).isEqualTo(29);
    assertThat(Architecture.RESNET56.channelGroups()).hasSize(3 + 27);
  }

  @Test
  void vggAndMobileNetHaveTheirPublishedSizes() {
    NetworkPlan vgg = ModelSpec.base(Architecture.VGG16_BN, 10).plan();
    assertThat(vgg.blockCount()).isEqualTo(14);
    assertThat(vgg.macs()).isBetween(310_000_000L, 320_000_000L);
    NetworkPlan mobileNet = ModelSpec.base(Architecture.MOBILENET_V2, 10).plan();
    assertThat(mobileNet.blockCount()).isEqualTo(1 + 17 + 2);
    assertThat(mobileNet.params()).isBetween(2_200_000L, 2_300_000L);
  }

  @Test
  void residualAdditionsTieChannelGroups() {
    NetworkPlan plan = ModelSpec.base(Architecture.RESNET20, 10).withWidth(0, 10).plan();
    // stage-1 group feeds every stage-1 residual output and the first stage-2 convolutions
    List<LayerDescriptor> stage1Outputs = plan.layers().stream().filter(l -> l.outputGroup() == 0).toList();
    assertThat(stage1Outputs).allMatch(l -> l.outChannels() == 10);
    assertThat(stage1Outputs).extracting(LayerDescriptor::name)
        .contains("b1.conv", "b2.conv2", "b3.conv2", "b4.conv2", "b2.add");
    assertThat(plan.layers().stream().filter(l -> l.name().equals("b5.shortcut")).findFirst().orElseThrow()
        .inChannels()).isEqualTo(10);
  }

  @Test
  void depthwiseConvolutionsFollowTheirInput() {
    ModelSpec spec = ModelSpec.base(Architecture.MOBILENET_V2, 10);
    int expand = Architecture.MOBILENET_V2.channelGroup("s2b0.expand").index();
    NetworkPlan plan = spec.withWidth(expand, 50).plan();
    LayerDescriptor depthwise = plan.layers().stream().filter(l -> l.name().equals("b3.depthwise")).findFirst()
        .orElseThrow();
    assertThat(depthwise.type()).isEqualTo(LayerType.DEPTHWISE_CONV);
    assertThat(depthwise.inChannels()).isEqualTo(50);
    assertThat(depthwise.outChannels()).isEqualTo(50);
    assertThat(depthwise.groups()).isEqualTo(50);
    assertThat(depthwise.outputGroup()).isEqualTo(expand);
  }

  @Test
  void cutBytesCountElementsAtTheChosenPrecision() {
    NetworkPlan plan = ModelSpec.base(Architecture.RESNET20, 10).plan();
    assertThat(plan.cutBytes(0, 32)).isEqualTo(3L * 32 * 32 * 4);
    assertThat(plan.cutBytes(1, 32)).isEqualTo(16L * 32 * 32 * 4);
    assertThat(plan.cutBytes(1, 8)).isEqualTo(16L * 32 * 32 + 8);
    assertThat(plan.cutBytes(11, 32)).isEqualTo(10L * 4);
    assertThatThrownBy(() -> plan.cutBytes(12, 32)).hasMessageContaining("cut point 12 is outside 0..11");
    assertThatThrownBy(() -> plan.cutBytes(3, 16)).hasMessageContaining("bits must be 32 or 8");
  }

  @Test
  void badSpecsAreRejectedWithTheirReason() {
    assertThatThrownBy(() -> Architecture.fromId("resnet21"))
        .hasMessageContaining("unknown architecture 'resnet21'").hasMessageContaining("resnet20");
    assertThatThrownBy(() -> ModelSpec.base(Architecture.RESNET20, 10).withWidth(0, 0))
        .hasMessageContaining("'stage1' is 0, outside 1..64");
    assertThatThrownBy(() -> new ModelSpec(Architecture.RESNET20, 10, List.of(16, 32)))
        .hasMessageContaining("12 channel groups but the spec gives 2 widths");
    assertThatThrownBy(() -> ModelSpec.base(Architecture.VGG16_BN, 1)).hasMessageContaining("numClasses");
  }

  @Test
  void uniformScalingKeepsAtLeastOneChannel() {
    ModelSpec half = ModelSpec.uniformlyScaled(Architecture.RESNET20, 10, 0.5);
    assertThat(half.widths()).startsWith(8, 16, 32);
    assertThat(half.fitsWithin(ModelSpec.base(Architecture.RESNET20, 10))).isTrue();
    assertThat(ModelSpec.uniformlyScaled(Architecture.RESNET20, 10, 0.01).widths()).allMatch(w -> w == 1);
  }
}
