package io.jointcs.latency.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jointcs.events.FusedActivation;
import io.jointcs.events.LayerType;
import io.jointcs.latency.prediction.LayerFeatures;
import io.jointcs.latency.prediction.LayerKind;
import io.jointcs.latency.prediction.LayerLatencySample;
import io.jointcs.model.Activation;
import io.jointcs.model.Architecture;
import io.jointcs.model.LayerDescriptor;
import io.jointcs.model.ModelSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LayerTelemetryTest {

  @Test
  void everyLayerOfEveryArchitectureSurvivesTheRoundTripThroughTheEvent() {
    for (Architecture architecture : Architecture.values()) {
      for (LayerDescriptor layer : ModelSpec.base(architecture, 10).plan().layers()) {
        LayerFeatures features = LayerFeatures.of(layer, 8);

        assertThat(LayerTelemetry.toFeatures(LayerTelemetry.toEvent(features)))
            .as("%s %s", architecture, layer.name()).isEqualTo(features);
      }
    }
  }

  @Test
  void theFusedActivationTravelsAndAnUnsaidOneStaysUnknown() {
    LayerDescriptor expand = ModelSpec.base(Architecture.MOBILENET_V2, 10).plan().layers().stream()
        .filter(l -> l.activation() == Activation.RELU6).findFirst().orElseThrow();
    io.jointcs.events.LayerFeatures event = LayerTelemetry.toEvent(LayerFeatures.of(expand, 1));

    assertThat(event.getFusedActivation()).isEqualTo(FusedActivation.RELU6);
    io.jointcs.events.LayerFeatures unsaid = io.jointcs.events.LayerFeatures.newBuilder(event)
        .setFusedActivation(null).build();
    assertThat(LayerTelemetry.toFeatures(unsaid).fusedActivation()).isNull();
    assertThat(LayerTelemetry.toFeatures(unsaid).groupKey()).isEqualTo("CONV");
    assertThat(LayerTelemetry.toFeatures(event).groupKey()).isEqualTo("CONV+RELU6");
    io.jointcs.events.LayerFeatures newer = io.jointcs.events.LayerFeatures.newBuilder(event)
        .setFusedActivation(FusedActivation.OTHER).build();
    assertThatThrownBy(() -> LayerTelemetry.toFeatures(newer)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fused activation OTHER");
  }

  @ParameterizedTest
  @EnumSource(LayerKind.class)
  void everyKindButOtherHasItsOwnLayerType(LayerKind kind) {
    if (kind == LayerKind.OTHER) {
      assertThatThrownBy(() -> LayerTelemetry.typeOf(kind, "SOFTMAX"))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SOFTMAX");
      return;
    }
    LayerType type = LayerTelemetry.typeOf(kind, kind.name());

    assertThat(LayerTelemetry.kindOf(type, 1, 16)).isEqualTo(kind);
  }

  @Test
  void reluAndOtherActivationsStayApart() {
    LayerFeatures relu = activation("aten::relu");
    LayerFeatures sigmoid = activation("aten::sigmoid");

    LayerFeatures reluBack = LayerTelemetry.toFeatures(LayerTelemetry.toEvent(relu));
    LayerFeatures sigmoidBack = LayerTelemetry.toFeatures(LayerTelemetry.toEvent(sigmoid));

    assertThat(LayerTelemetry.toEvent(relu).getLayerType()).isEqualTo(LayerType.RELU);
    assertThat(LayerTelemetry.toEvent(activation("RELU6")).getLayerType()).isEqualTo(LayerType.ACTIVATION);
    assertThat(reluBack.kind()).isEqualTo(LayerKind.ACTIVATION);
    assertThat(reluBack.groupKey()).isNotEqualTo(sigmoidBack.groupKey());
  }

  @Test
  void aV1Conv2dIsDepthwiseExactlyWhenItsGroupsAreItsInputChannels() {
    assertThat(LayerTelemetry.kindOf(LayerType.CONV2D, 32, 32)).isEqualTo(LayerKind.DEPTHWISE_CONV);
    assertThat(LayerTelemetry.kindOf(LayerType.CONV2D, 4, 32)).isEqualTo(LayerKind.CONV);
    assertThat(LayerTelemetry.kindOf(LayerType.CONV2D, 1, 1)).isEqualTo(LayerKind.CONV);
  }

  @ParameterizedTest
  @EnumSource(value = LayerType.class, names = {"FLATTEN", "DROPOUT", "OTHER"})
  void typesWithoutAPredictorAreAnErrorNamingTheUsableOnes(LayerType type) {
    assertThatThrownBy(() -> LayerTelemetry.kindOf(type, 1, 8))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("layer type " + type + " has no latency predictor")
        .hasMessageContaining("DEPTHWISE_CONV");
  }

  @Test
  void theSampleKeepsModelLayerAndMedianAndTakesTheGivenDeviceClass() {
    LayerFeatures conv = LayerFeatures.of(ModelSpec.base(Architecture.RESNET20, 10).plan().layers().get(0));
    LayerLatencySample sample = new LayerLatencySample("rpi4", conv, 0.75, "resnet20[16,16,32,64]", "conv1");

    io.jointcs.events.LayerLatencySample event = LayerTelemetry.toEvent(sample);

    assertThat(event.getLatency().getMedianMs()).isEqualTo(0.75);
    assertThat(event.getLatency().getRepetitions()).isEqualTo(1);
    assertThat(event.getModelName()).isEqualTo("resnet20[16,16,32,64]");
    assertThat(LayerTelemetry.toSample(event, "rpi4")).isEqualTo(sample);
    assertThat(LayerTelemetry.toSample(event, "jetson").deviceClass()).isEqualTo("jetson");
    assertThatThrownBy(() -> LayerTelemetry.toEvent(sample, LayerTelemetry.singleValue(0.8)))
        .hasMessageContaining("differs");
  }

  private static LayerFeatures activation(String op) {
    return new LayerFeatures(LayerKind.ACTIVATION, op, 16, 16, 1, 1, 0, 1, 8, 8, 8, 8, 1, 0, 0, 4096, 4096);
  }
}
