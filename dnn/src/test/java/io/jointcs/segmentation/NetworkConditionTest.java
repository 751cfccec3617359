package io.jointcs.segmentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class NetworkConditionTest {

  @Test
  void transferTimeIsBytesOverBandwidthPlusRtt() {
    NetworkCondition wifi = NetworkCondition.ofMbps(80, 5); // 10 MB/s
    assertThat(wifi.uplinkBytesPerSec()).isEqualTo(10e6);
    assertThat(wifi.transferMs(1_000_000)).isCloseTo(100 + 5, within(1e-9));
    assertThat(wifi.transferMs(0)).isEqualTo(5);
  }

  @Test
  void impossibleConditionsAreRejected() {
    assertThatThrownBy(() -> new NetworkCondition(0, 1)).hasMessageContaining("uplinkBytesPerSec");
    assertThatThrownBy(() -> new NetworkCondition(Double.NaN, 1)).hasMessageContaining("uplinkBytesPerSec");
    assertThatThrownBy(() -> new NetworkCondition(1e6, -1)).hasMessageContaining("rttMs");
    assertThatThrownBy(() -> new NetworkCondition(1e6, 1).transferMs(-1)).hasMessageContaining("bytes");
  }
}
