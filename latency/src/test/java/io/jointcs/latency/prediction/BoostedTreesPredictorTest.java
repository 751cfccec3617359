package io.jointcs.latency.prediction;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BoostedTreesPredictorTest {

  @Test
  void learnedPredictorIsWithinTenPercentOnAlmostAllHeldOutLayers() {
    List<LayerLatencySample> train = SyntheticLayers.samples("dev", 1000, 0.02, 1.0, 11);
    List<LayerLatencySample> test = SyntheticLayers.samples("dev", 300, 0.0, 1.0, 12);
    BoostedTreesPredictor p = BoostedTreesPredictor.train(train, BoostedTreesConfig.gradientBoosted());
    AccuracyMetrics m = PredictorTrainer.evaluate(p, test);
    assertThat(m.within10Pct()).isGreaterThanOrEqualTo(0.95);
    assertThat(p.kind()).isEqualTo(PredictorKind.GRADIENT_BOOSTED_TREES);
  }

  @Test
  void queriesFarOutsideTheTrainingRangeAreFlagged() {
    List<LayerLatencySample> train = SyntheticLayers.samples("dev", 300, 0.02, 1.0, 13);
    BoostedTreesPredictor p = BoostedTreesPredictor.train(train, BoostedTreesConfig.gradientBoosted());
    Prediction inside = p.predict(SyntheticLayers.conv(64, 64, 3, 1, 16));
    Prediction outside = p.predict(SyntheticLayers.conv(2048, 2048, 3, 1, 16));
    assertThat(inside.extrapolated()).isFalse();
    assertThat(outside.extrapolated()).isTrue();
    assertThat(outside.detail()).contains("inChannels 2048").contains("macs");
    // the log-linear prior keeps the extrapolation growing with size instead of flat like a bare tree
    assertThat(outside.latencyMs()).isGreaterThan(10 * inside.latencyMs());
  }

  @Test
  void mixedDeviceClassesAreRejected() {
    List<LayerLatencySample> mixed = new java.util.ArrayList<>(SyntheticLayers.samples("a", 10, 0, 1, 1));
    mixed.addAll(SyntheticLayers.samples("b", 10, 0, 1, 2));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> BoostedTreesPredictor.train(mixed, BoostedTreesConfig.gradientBoosted()))
        .hasMessageContaining("mix device classes [a, b]");
  }
}
