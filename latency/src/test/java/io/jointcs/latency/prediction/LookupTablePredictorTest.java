package io.jointcs.latency.prediction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LookupTablePredictorTest {
  private static final int[] GRID = {16, 32, 64};

  /** A NetAdapt-style grid of measurements of an exactly linear law (no noise). */
  private static LookupTablePredictor table() {
    List<LayerLatencySample> samples = new ArrayList<>();
    for (int in : GRID) {
      for (int out : GRID) {
        LayerFeatures f = SyntheticLayers.conv(in, out, 3, 1, 16);
        samples.add(new LayerLatencySample("dev", f, SyntheticLayers.lawMs(f)));
      }
      LayerFeatures dw = SyntheticLayers.depthwise(in, 3, 1, 16);
      samples.add(new LayerLatencySample("dev", dw, SyntheticLayers.lawMs(dw)));
    }
    return LookupTablePredictor.train(samples, TrainingDomain.DEFAULT_MARGIN);
  }

  @Test
  void exactHitReturnsTheMeasurement() {
    LayerFeatures f = SyntheticLayers.conv(32, 64, 3, 1, 16);
    Prediction p = table().predict(f);
    assertThat(p.latencyMs()).isEqualTo(SyntheticLayers.lawMs(f));
    assertThat(p.extrapolated()).isFalse();
  }

  @Test
  void interpolationAlongOneChannelDimensionIsExactOnALinearLaw() {
    LookupTablePredictor t = table();
    for (LayerFeatures f : List.of(SyntheticLayers.conv(32, 48, 3, 1, 16), SyntheticLayers.conv(24, 64, 3, 1, 16),
        SyntheticLayers.depthwise(40, 3, 1, 16))) {
      Prediction p = t.predict(f);
      assertThat(p.latencyMs()).isCloseTo(SyntheticLayers.lawMs(f), within(1e-9));
      assertThat(p.extrapolated()).isFalse();
    }
  }

  @Test
  void bilinearInterpolationBetweenFourCornersIsExactOnALinearLaw() {
    LayerFeatures f = SyntheticLayers.conv(24, 40, 3, 1, 16);
    assertThat(table().predict(f).latencyMs()).isCloseTo(SyntheticLayers.lawMs(f), within(1e-9));
  }

  @Test
  void withoutBracketingMeasurementsItScalesTheNearestAndSaysSo() {
    LayerFeatures f = SyntheticLayers.conv(64, 128, 3, 1, 16);
    Prediction p = table().predict(f);
    assertThat(p.extrapolated()).isTrue();
    assertThat(p.detail()).contains("no measurements bracket").contains("MACs ratio");
    LayerFeatures otherSize = SyntheticLayers.conv(32, 32, 3, 1, 8);
    assertThat(table().predict(otherSize).detail()).contains("same group, other kernel/stride/size");
  }

  @Test
  void aGroupNeverMeasuredIsAnError() {
    LayerFeatures gap = new LayerFeatures(LayerKind.GLOBAL_AVG_POOL, "GLOBAL_AVG_POOL", 64, 64, 8, 1, 0, 1, 8, 8, 1,
        1, 1, 0, 0, 4L * 64 * 64, 4L * 64);
    assertThatThrownBy(() -> table().predict(gap))
        .hasMessageContaining("no measurement of layer group GLOBAL_AVG_POOL")
        .hasMessageContaining("CONV");
  }

  @Test
  void repeatedMeasurementsOfOneConfigurationUseTheirMedian() {
    LayerFeatures f = SyntheticLayers.conv(16, 16, 3, 1, 16);
    LookupTablePredictor t = LookupTablePredictor.train(List.of(new LayerLatencySample("dev", f, 1.0),
        new LayerLatencySample("dev", f, 5.0), new LayerLatencySample("dev", f, 2.0)), TrainingDomain.DEFAULT_MARGIN);
    assertThat(t.predict(f).latencyMs()).isEqualTo(2.0);
  }
}
