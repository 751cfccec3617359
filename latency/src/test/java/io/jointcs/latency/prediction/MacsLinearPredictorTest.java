package io.jointcs.latency.prediction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class MacsLinearPredictorTest {

  @Test
  void recoversTheCoefficientsOfALinearLaw() {
    List<LayerLatencySample> samples = SyntheticLayers.samples("dev", 400, 0.01, 1.0, 1).stream()
        .filter(s -> s.features().kind() == LayerKind.CONV).toList();
    MacsLinearPredictor p = MacsLinearPredictor.train(samples, TrainingDomain.DEFAULT_MARGIN);
    MacsLinearPredictor.Coefficients c = p.coefficients("CONV");
    assertThat(c.msPerMac()).isCloseTo(SyntheticLayers.MS_PER_MAC, within(0.03 * SyntheticLayers.MS_PER_MAC));
    assertThat(c.msPerByte()).isCloseTo(SyntheticLayers.MS_PER_BYTE, within(0.05 * SyntheticLayers.MS_PER_BYTE));
    assertThat(Math.abs(c.interceptMs())).isLessThan(0.01);
  }

  @Test
  void unseenGroupUsesThePooledLawAndIsFlagged() {
    List<LayerLatencySample> samples = SyntheticLayers.samples("dev", 200, 0.01, 1.0, 2);
    MacsLinearPredictor p = MacsLinearPredictor.train(samples, TrainingDomain.DEFAULT_MARGIN);
    LayerFeatures pool = new LayerFeatures(LayerKind.MAX_POOL, "MAX_POOL", 16, 16, 2, 2, 0, 1, 32, 32, 16, 16, 1, 0,
        0, 4L * 16 * 32 * 32, 4L * 16 * 16 * 16);
    Prediction prediction = p.predict(pool);
    assertThat(prediction.extrapolated()).isTrue();
    assertThat(prediction.detail()).contains("MAX_POOL never seen");
  }
}
