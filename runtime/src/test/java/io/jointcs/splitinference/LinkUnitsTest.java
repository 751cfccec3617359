package io.jointcs.splitinference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LinkUnitsTest {

  @ParameterizedTest
  @CsvSource({
      "10Mbit, 1250000",
      "1.5Mbit/s, 187500",
      "500kbit, 62500",
      "2MB/s, 2000000",
      "125000, 125000",
      "1Gbit, 125000000",
      "8bit/s, 1",
      "64kB, 64000",
      "'10 Mbit/s', 1250000",
      "1e6, 1000000"})
  void parsesBandwidthsInBitsAndBytes(String text, double bytesPerSec) {
    assertThat(LinkUnits.parseBandwidthBytesPerSec(text)).isCloseTo(bytesPerSec, within(1e-6));
  }

  @Test
  void unlimitedMeansNoShaping() {
    assertThat(LinkUnits.parseBandwidthBytesPerSec("unlimited")).isInfinite();
    assertThat(LinkEmulation.parse("unlimited", "0ms").shaped()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"10mb", "10Mbps", "fast", "-5Mbit", "0", "0kbit", "Mbit", "10 Mbit/h", ""})
  void refusesBadBandwidthsNamingTheValueAndTheForms(String text) {
    assertThatThrownBy(() -> LinkUnits.parseBandwidthBytesPerSec(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("10Mbit, 1.5Mbit/s, 500kbit, 2MB/s")
        .satisfies(e -> assertThat(e.getMessage()).contains(text.isEmpty() ? "missing" : "'" + text + "'"));
  }

  @ParameterizedTest
  @CsvSource({"20ms, 20", "0.02s, 20", "500us, 0.5", "0ms, 0", "1.5 s, 1500"})
  void parsesDurations(String text, double ms) {
    assertThat(LinkUnits.parseDurationMs(text)).isCloseTo(ms, within(1e-9));
  }

  @ParameterizedTest
  @ValueSource(strings = {"20", "20 min", "-3ms", "ms", "twenty ms"})
  void refusesDurationsWithoutAKnownUnit(String text) {
    assertThatThrownBy(() -> LinkUnits.parseDurationMs(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + text + "'")
        .hasMessageContaining("20ms, 0.02s");
  }

  @Test
  void formatsBandwidthsForPeople() {
    assertThat(LinkUnits.formatBandwidth(1_250_000)).isEqualTo("10 Mbit/s");
    assertThat(LinkUnits.formatBandwidth(187_500)).isEqualTo("1.5 Mbit/s");
    assertThat(LinkUnits.formatBandwidth(62_500)).isEqualTo("500 kbit/s");
    assertThat(LinkUnits.formatBandwidth(Double.POSITIVE_INFINITY)).isEqualTo("unlimited");
  }

  @Test
  void predictedTransferIsBytesOverBandwidthPlusRtt() {
    LinkEmulation link = LinkEmulation.parse("8Mbit", "20ms");
    assertThat(link.predictedTransferMs(1_000_000)).isCloseTo(1020.0, within(1e-9));
    assertThat(LinkEmulation.unshaped().predictedTransferMs(1_000_000)).isZero();
    assertThatThrownBy(() -> new LinkEmulation(1e6, -1)).hasMessageContaining("rtt");
  }

  @Test
  void parsesEdgeAddresses() {
    assertThat(EdgeAddress.parse("127.0.0.1:7070").getPort()).isEqualTo(7070);
    assertThat(EdgeAddress.parse("[::1]:7071").getAddress().getHostAddress()).contains(":");
    for (String bad : new String[] {"localhost", "127.0.0.1:", ":7070", "127.0.0.1:70000", "127.0.0.1:x"}) {
      assertThatThrownBy(() -> EdgeAddress.parse(bad)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'" + bad + "'").hasMessageContaining("HOST:PORT");
    }
  }
}
