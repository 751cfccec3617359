package io.jointcs.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jointcs.events.FusedActivation;
import io.jointcs.events.LayerFeatures;
import io.jointcs.events.LayerType;
import org.junit.jupiter.api.Test;

class RecordKeysTest {
  private static LayerFeatures.Builder depthwise() {
    return LayerFeatures.newBuilder()
        .setLayerType(LayerType.CONV2D).setInChannels(32).setOutChannels(32).setKernelSize(3).setStride(2)
        .setPadding(1).setGroups(32).setInputHeight(16).setInputWidth(16).setOutputHeight(8).setOutputWidth(8)
        .setBatchSize(4).setMacs(73_728L).setParams(320L).setInputBytes(131_072L).setOutputBytes(32_768L);
  }

  @Test
  void signatureNamesEveryConfigurationFeature() {
    assertThat(RecordKeys.layerSignature(depthwise().build()))
        .isEqualTo("CONV2D/in32/out32/k3/s2/p1/g32/16x16->8x8/b4");
  }

  @Test
  void aSaidFusedActivationIsPartOfTheSignature() {
    assertThat(RecordKeys.layerSignature(depthwise().setFusedActivation(FusedActivation.RELU6).build()))
        .isEqualTo("CONV2D/in32/out32/k3/s2/p1/g32/16x16->8x8/b4/RELU6");
    assertThat(RecordKeys.layerSignature(depthwise().setFusedActivation(FusedActivation.NONE).build()))
        .isNotEqualTo(RecordKeys.layerSignature(depthwise().build()));
  }

  @Test
  void signatureLeavesOutDerivedFeatures() {
    LayerFeatures other = depthwise().setMacs(1L).setParams(2L).setInputBytes(3L).setOutputBytes(4L).build();

    assertThat(RecordKeys.layerSignature(other)).isEqualTo(RecordKeys.layerSignature(depthwise().build()));
  }

  @Test
  void statisticsKeyJoinsDeviceClassAndSignature() {
    assertThat(RecordKeys.latencyStatisticsKey("rpi4-a72-4t", depthwise().build()))
        .isEqualTo("rpi4-a72-4t|CONV2D/in32/out32/k3/s2/p1/g32/16x16->8x8/b4");
  }

  @Test
  void deviceClassMustNotContainTheSeparator() {
    assertThatThrownBy(() -> RecordKeys.latencyStatisticsKey("a|b", depthwise().build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a|b");
    assertThatThrownBy(() -> RecordKeys.latencyStatisticsKey("", depthwise().build()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
