package io.jointcs.latency.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class LoopbackBandwidthCalibratorTest {
  private static final List<Integer> SIZES = List.of(32 * 1024, 128 * 1024, 256 * 1024, 512 * 1024);

  @Test
  void recoversAShapedBandwidthOverARealSocket() {
    double shapedBytesPerSec = 8e6;
    CalibrationResult r = new LoopbackBandwidthCalibrator(SIZES, 3, 2, shapedBytesPerSec).calibrate();
    assertThat(r.emulated()).isTrue();
    assertThat(r.timings()).hasSize(12);
    // pacing makes the sender the bottleneck, so the fit must find the shaped rate
    assertThat(r.condition().uplinkBytesPerSec()).isBetween(0.7 * shapedBytesPerSec, 1.3 * shapedBytesPerSec);
    assertThat(r.condition().rttMs()).isLessThan(20);
    double predicted = r.condition().transferMs(512 * 1024);
    double measured = r.timings().stream().filter(t -> t.bytes() == 512 * 1024)
        .mapToDouble(TransferTiming::elapsedMs).average().orElseThrow();
    assertThat(predicted).isBetween(0.8 * measured, 1.2 * measured);
  }

  @Test
  void theUnshapedLoopbackIsFasterThanTheShapedLink() {
    CalibrationResult r = new LoopbackBandwidthCalibrator(List.of(64 * 1024, 1024 * 1024, 4 * 1024 * 1024), 3, 2, 0)
        .calibrate();
    assertThat(r.emulated()).isFalse();
    assertThat(r.condition().uplinkBytesPerSec()).isGreaterThan(20e6);
  }

  @Test
  void needsTwoDistinctSizes() {
    assertThatThrownBy(() -> new LoopbackBandwidthCalibrator(List.of(1000, 1000), 1, 0, 0))
        .hasMessageContaining("two distinct");
  }
}
