package io.jointcs.splitinference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DeviceSlowdownTest {

  @Test
  void stretchesComputeToTheFactor() throws Exception {
    long start = System.nanoTime() - 10_000_000L; // 10 ms of "compute" already done
    new DeviceSlowdown(3).stretch(start);
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(30_000_000L);
    assertThat(new DeviceSlowdown(3).emulated()).isTrue();
    assertThat(DeviceSlowdown.NONE.emulated()).isFalse();
  }

  @Test
  void factorsBelowOneAreRefused() {
    assertThatThrownBy(() -> new DeviceSlowdown(0.5)).hasMessageContaining(">= 1, got 0.5");
  }
}
