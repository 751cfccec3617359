package io.jointcs.latency.prediction;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AdaptationTest {

  @Test
  void adaptingBeatsTrainingFromScratchOnTwentySamplesOfAScaledDevice() {
    List<LayerLatencySample> source = SyntheticLayers.samples("fast", 800, 0.02, 1.0, 31);
    // the new device is the same law 2.7x slower, measured with the same noise
    List<LayerLatencySample> few = SyntheticLayers.samples("slow", 20, 0.02, 2.7, 32);
    List<LayerLatencySample> heldOut = SyntheticLayers.samples("slow", 300, 0.0, 2.7, 33);
    BoostedTreesPredictor base = BoostedTreesPredictor.train(source, BoostedTreesConfig.gradientBoosted());

    double scratchTrees = SyntheticLayers.mape(BoostedTreesPredictor.train(few, BoostedTreesConfig.gradientBoosted()),
        heldOut);
    double scratchLinear = SyntheticLayers.mape(MacsLinearPredictor.train(few, 1.5), heldOut);
    for (CorrectionMode mode : CorrectionMode.values()) {
      AdaptedPredictor adapted = AdaptedPredictor.adapt(base, few, mode);
      double mape = SyntheticLayers.mape(adapted, heldOut);
      assertThat(adapted.deviceClass()).isEqualTo("slow");
      assertThat(mape).as(mode.name()).isLessThan(0.05).isLessThan(scratchTrees).isLessThan(scratchLinear);
    }
    LogSpaceCorrection scale = LogSpaceCorrection.fit(base, few, CorrectionMode.SCALE);
    assertThat(Math.exp(scale.offset())).isBetween(2.7 * 0.97, 2.7 * 1.03);
  }

  @Test
  void adaptationNeedsSamples() {
    BoostedTreesPredictor base = BoostedTreesPredictor.train(SyntheticLayers.samples("a", 100, 0.02, 1, 1),
        BoostedTreesConfig.gradientBoosted());
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> AdaptedPredictor.adapt(base, List.of(),
        CorrectionMode.SCALE)).hasMessageContaining("no training samples");
  }
}
