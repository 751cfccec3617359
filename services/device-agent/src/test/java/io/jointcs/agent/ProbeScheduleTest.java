package io.jointcs.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProbeScheduleTest {

  @Test
  void aProbeThatMovedIsConfirmedSoonOnceAndASteadyLinkIsNot() {
    ProbeSchedule s = new ProbeSchedule();
    // Given a steady 50 Mbit/s link (6.25 MB/s, 5 ms): the first probe has nothing to compare with
    assertThat(s.confirmSoon(6.25e6, 5)).isFalse();
    assertThat(s.confirmSoon(6.0e6, 5.5)).isFalse(); // -4%, +10%: noise
    // When the link drops to 2 Mbit/s: confirmed at once, and the confirming probe is not confirmed again
    assertThat(s.confirmSoon(0.25e6, 5)).isTrue();
    assertThat(s.confirmSoon(0.25e6, 5)).isFalse();
    // a round-trip time that doubles is a move too; a probe right after a confirmation that moves again is
    // probed at the normal interval (at most two probes per interval on a noisy link)
    assertThat(s.confirmSoon(0.25e6, 11)).isTrue();
    assertThat(s.confirmSoon(0.25e6, 5)).isFalse();
    assertThat(s.confirmSoon(0.26e6, 5.2)).isFalse();
  }
}
