package io.jointcs.telemetry;

import static io.jointcs.telemetry.TelemetryFixtures.CLASS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.jointcs.events.LatencyStatistics;
import io.jointcs.events.ProfilingSample;
import io.jointcs.events.TelemetrySource;
import io.jointcs.topics.RecordKeys;
import org.junit.jupiter.api.Test;

class LatencyWindowTest {
  static ProfilingSample sample(double ms) {
    return ProfilingSample.newBuilder().setSampleId("s").setDeviceClass(CLASS).setDeviceId("pi-1")
        .setEmulated(true).setThreads(4).setLayer(TelemetryFixtures.conv(16)).setLatencyMs(ms)
        .setLatencyStddevMs(0.1).setRepetitions(20).setMeasuredAtEpochMs(1).setValidatedAtEpochMs(2)
        .setSource(TelemetrySource.KAFKA).setKafkaPosition(null).build();
  }

  @Test
  void foldsSamplesIntoExactStatistics() {
    // Given the latencies 5, 1, 4, 2, 3 (out of order) and 10
    LatencyWindow w = LatencyWindow.of(sample(5));
    for (double ms : new double[] {1, 4, 2, 3, 10}) {
      w = w.plus(sample(ms));
    }

    // When the window closes
    LatencyStatistics s = w.toStatistics(1_000, 61_000);

    // Then count, mean, min, max are exact and the percentiles interpolate the sorted values 1 2 3 4 5 10
    assertThat(s.getCount()).isEqualTo(6);
    assertThat(s.getMeanMs()).isCloseTo(25.0 / 6, within(1e-12));
    assertThat(s.getMinMs()).isEqualTo(1);
    assertThat(s.getMaxMs()).isEqualTo(10);
    assertThat(s.getMedianMs()).isCloseTo(3.5, within(1e-12));
    assertThat(s.getP90Ms()).isCloseTo(7.5, within(1e-12));
    assertThat(s.getLayerSignature()).isEqualTo(RecordKeys.layerSignature(TelemetryFixtures.conv(16)));
    assertThat(s.getEmulated()).isTrue();
    assertThat(s.getWindowStartEpochMs()).isEqualTo(1_000);
    assertThat(s.getWindowEndEpochMs()).isEqualTo(61_000);
  }

  @Test
  void survivesTheStateStoreRoundTripAndRefusesOtherBytes() {
    LatencyWindow w = LatencyWindow.of(sample(2)).plus(sample(1));
    assertThat(LatencyWindow.fromBytes(w.toBytes())).isEqualTo(w);
    assertThatThrownBy(() -> LatencyWindow.fromBytes(new byte[] {0, 0, 0, 9}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("format 9");
  }

  @Test
  void keepsAtMostTheCapForPercentilesButCountsEverything() {
    LatencyWindow w = LatencyWindow.of(sample(1));
    for (int i = 0; i < LatencyWindow.MAX_KEPT + 10; i++) {
      w = w.plus(sample(1));
    }
    assertThat(w.kept()).hasSize(LatencyWindow.MAX_KEPT);
    assertThat(w.count()).isEqualTo(LatencyWindow.MAX_KEPT + 11);
  }
}
