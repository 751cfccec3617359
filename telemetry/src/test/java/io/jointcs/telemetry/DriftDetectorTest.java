package io.jointcs.telemetry;

import static io.jointcs.telemetry.TelemetryFixtures.CLASS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.jointcs.events.LatencyDrift;
import io.jointcs.events.LatencyPredictor;
import io.jointcs.events.LatencyStatistics;
import io.jointcs.events.LayerFeatures;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class DriftDetectorTest {
  private final DriftDetector detector = new DriftDetector(0.25, 3);
  private final LatencyPredictor predictor = TelemetryFixtures.predictor(CLASS, 7);

  private static LatencyStatistics window(LayerFeatures layer, double medianMs, long count) {
    LatencyWindow w = LatencyWindow.of(LatencyWindowTest.sample(medianMs));
    for (int i = 1; i < count; i++) {
      w = w.plus(LatencyWindowTest.sample(medianMs));
    }
    return LatencyStatistics.newBuilder(w.toStatistics(0, 60_000)).setLayer(layer)
        .setLayerSignature(io.jointcs.topics.RecordKeys.layerSignature(layer)).build();
  }

  @Test
  void reportsAWindowTwiceAsSlowAsPredicted() {
    // Given a layer the predictor knows, observed at twice its law
    LayerFeatures layer = TelemetryFixtures.conv(32);
    double predicted = TelemetryFixtures.lawMs(layer);

    // When the window is judged
    LatencyDrift drift = detector.check(window(layer, 2 * predicted, 5), predictor, 123).orElseThrow();

    // Then drift is reported with the predictor's version and a relative error of +100%
    assertThat(drift.getPredictedMs()).isCloseTo(predicted, within(predicted * 1e-6));
    assertThat(drift.getRelativeError()).isCloseTo(1.0, within(1e-6));
    assertThat(drift.getPredictorVersion()).isEqualTo(7);
    assertThat(drift.getSampleCount()).isEqualTo(5);
    assertThat(drift.getDeviceClass()).isEqualTo(CLASS);
    assertThat(drift.getDetectedAtEpochMs()).isEqualTo(123);
    assertThat(drift.getEmulated()).isTrue();
  }

  @Test
  void staysQuietWithinTheThresholdAndForTooFewSamples() {
    LayerFeatures layer = TelemetryFixtures.conv(32);
    double predicted = TelemetryFixtures.lawMs(layer);
    assertThat(detector.check(window(layer, 1.2 * predicted, 5), predictor, 0)).isEmpty();
    assertThat(detector.check(window(layer, 0.8 * predicted, 5), predictor, 0)).isEmpty();
    assertThat(detector.check(window(layer, 3 * predicted, 2), predictor, 0)).isEmpty();
    assertThat(detector.check(window(layer, 0.5 * predicted, 3), predictor, 0)).isPresent();
  }

  @Test
  void anUndecodablePredictorIsReportedNotFatal() {
    LatencyPredictor broken = LatencyPredictor.newBuilder(predictor)
        .setModelBytes(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9})).setVersion(8).build();
    assertThatThrownBy(() -> detector.check(window(TelemetryFixtures.conv(32), 1, 5), broken, 0))
        .isInstanceOf(DriftDetector.UnusablePredictorException.class).hasMessageContaining("v8");
  }
}
