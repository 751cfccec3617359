package io.jointcs.latency.prediction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InputValidationTest {
  private static final LayerFeatures LAYER = SyntheticLayers.conv(16, 16, 3, 1, 8);

  @Test
  void nonFiniteZeroAndNegativeLatenciesAreRejected() {
    for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, 0.0, -1.5}) {
      assertThatThrownBy(() -> new LayerLatencySample("pixel4", LAYER, bad, "resnet20", "b1.conv1"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("latencyMs must be finite and > 0, got " + bad)
          .hasMessageContaining("model resnet20, layer b1.conv1");
    }
  }

  @Test
  void impossibleFeaturesNameTheField() {
    assertThatThrownBy(() -> new LayerFeatures(LayerKind.CONV, "CONV", 0, 16, 3, 1, 1, 1, 8, 8, 8, 8, 1, 10, 10, 4,
        4)).hasMessageContaining("inChannels must be at least 1, got 0");
    assertThatThrownBy(() -> new LayerFeatures(LayerKind.CONV, "CONV", 16, 16, 3, 1, 1, 1, 8, 8, 8, 8, 1, -5, 10, 4,
        4)).hasMessageContaining("macs must be at least 0, got -5");
    assertThatThrownBy(() -> new LayerFeatures(LayerKind.CONV, " ", 16, 16, 3, 1, 1, 1, 8, 8, 8, 8, 1, 5, 10, 4, 4))
        .hasMessageContaining("opName is missing");
    assertThatThrownBy(() -> new LayerLatencySample(" ", LAYER, 1.0)).hasMessageContaining("deviceClass is missing");
  }

  @Test
  void unknownLayerKindsAreAnErrorListingTheKnownOnes() {
    assertThatThrownBy(() -> LayerKind.parse("TRANSFORMER"))
        .hasMessageContaining("unknown layer kind 'TRANSFORMER'")
        .hasMessageContaining("DEPTHWISE_CONV");
    assertThat(LayerKind.parse("conv")).isEqualTo(LayerKind.CONV);
  }

  @Test
  void metricsRejectUnusableMeasurements() {
    assertThatThrownBy(() -> AccuracyMetrics.of(new double[] {1, 0}, new double[] {1, 1}))
        .hasMessageContaining("measured latency #1");
    AccuracyMetrics m = AccuracyMetrics.of(new double[] {1, 2, 4, 10}, new double[] {1.04, 2.3, 4, 9.2});
    assertThat(m.within5Pct()).isEqualTo(0.5);
    assertThat(m.within10Pct()).isEqualTo(0.75);
    assertThat(m.mape()).isCloseTo((0.04 + 0.15 + 0 + 0.08) / 4, org.assertj.core.api.Assertions.within(1e-12));
  }

  @Test
  void overheadFitNeedsThreeModels() {
    assertThatThrownBy(() -> InvocationOverhead.fit(java.util.List.of(new ModelLatencyObservation("a", 3, 1, 2))))
        .hasMessageContaining("at least 3");
    assertThatThrownBy(() -> new ModelLatencyObservation("a", 3, 1, Double.NaN)).hasMessageContaining("latencyMs");
  }
}
