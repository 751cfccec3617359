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

  /** Synthetic layers plus a fixed 0.05 ms per call: latency is not proportional to MACs and bytes. */
  private static List<LayerLatencySample> withCallCost(List<LayerLatencySample> samples) {
    return samples.stream().map(s -> new LayerLatencySample(s.deviceClass(), s.features(), s.latencyMs() + 0.05,
        s.modelName(), s.layerName())).toList();
  }

  /** The same layers at batch 8 on a device that batches sub-linearly: 8^0.7 times one image's latency. */
  private static List<LayerLatencySample> atBatchEight(List<LayerLatencySample> oneImage, String device) {
    return withCallCost(oneImage).stream().map(s -> new LayerLatencySample(device, s.features().withBatchSize(8),
        Math.pow(8, 0.7) * s.latencyMs(), s.modelName(), s.layerName())).toList();
  }

  @Test
  void aBatchEightClassIsAdaptedFromABatchOnePredictorAskedAtItsOwnBatch() {
    BoostedTreesPredictor base = BoostedTreesPredictor.train(
        withCallCost(SyntheticLayers.samples("b1", 800, 0.02, 1.0, 41)), BoostedTreesConfig.gradientBoosted());
    List<LayerLatencySample> few = atBatchEight(SyntheticLayers.samples("x", 20, 0.02, 1.0, 42), "b8");
    List<LayerLatencySample> heldOut = atBatchEight(SyntheticLayers.samples("x", 300, 0.0, 1.0, 43), "b8");

    AdaptedPredictor atOwnBatch = AdaptedPredictor.adapt(base, 1, few, CorrectionMode.SCALE);
    AdaptedPredictor atAskedBatch = AdaptedPredictor.adapt(base, few, CorrectionMode.SCALE);

    double mape = SyntheticLayers.mape(atOwnBatch, heldOut);
    assertThat(mape).isLessThan(0.05).isLessThan(SyntheticLayers.mape(atAskedBatch, heldOut) / 2);
    assertThat(atOwnBatch.baseBatchSize()).isEqualTo(1);
    assertThat(Math.exp(atOwnBatch.correction().offset())).isBetween(Math.pow(8, 0.7) * 0.97, Math.pow(8, 0.7) * 1.03);
  }

  @Test
  void rebatchingScalesMacsAndBytesButNotWeights() {
    LayerFeatures one = SyntheticLayers.conv(16, 32, 3, 1, 32);
    LayerFeatures eight = one.withBatchSize(8);
    assertThat(eight.batchSize()).isEqualTo(8);
    assertThat(eight.macs()).isEqualTo(8 * one.macs());
    assertThat(eight.inputBytes()).isEqualTo(8 * one.inputBytes());
    assertThat(eight.outputBytes()).isEqualTo(8 * one.outputBytes());
    assertThat(eight.params()).isEqualTo(one.params());
    assertThat(eight.withBatchSize(1)).isEqualTo(one);
  }

  @Test
  void adaptationNeedsSamples() {
    BoostedTreesPredictor base = BoostedTreesPredictor.train(SyntheticLayers.samples("a", 100, 0.02, 1, 1),
        BoostedTreesConfig.gradientBoosted());
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> AdaptedPredictor.adapt(base, List.of(),
        CorrectionMode.SCALE)).hasMessageContaining("no training samples");
  }
}
