package io.jointcs.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunTrackerTest {
  @Test
  void countsLostDuplicatedAndMisjudgedRecords() {
    // Given five records, the last two bad, all acknowledged
    RunTracker t = new RunTracker(5, 0);
    for (int seq = 0; seq < 5; seq++) {
      t.scheduled(seq, seq >= 3, 0);
      t.acknowledged(seq, 1_000_000);
    }

    // When record 0 comes out twice, 1 never, 2 is rejected, 3 rejected, 4 becomes a sample
    t.sampleSeen(0, 2_000_000);
    t.sampleSeen(0, 3_000_000);
    t.rejectionSeen(2, 2_000_000);
    t.rejectionSeen(3, 2_000_000);
    t.sampleSeen(4, 2_000_000);

    // Then
    RunTracker.Counts c = t.counts();
    assertThat(c.goodAcked()).isEqualTo(3);
    assertThat(c.badAcked()).isEqualTo(2);
    assertThat(c.goodLost()).isEqualTo(2); // 1 missing, 2 rejected
    assertThat(c.lostExamples()).containsExactly(1L, 2L);
    assertThat(c.goodRejected()).isEqualTo(1);
    assertThat(c.badAccepted()).isEqualTo(1);
    assertThat(c.badNotRejected()).isEqualTo(1);
    assertThat(c.duplicateSamples()).isEqualTo(1);
    assertThat(c.clean()).isFalse();
    assertThat(t.allAccountedFor()).isFalse();
    assertThat(t.endToEnd().getTotalCount()).isEqualTo(1);
  }

  @Test
  void aCleanRunIsAccountedFor() {
    RunTracker t = new RunTracker(2, 1);
    t.scheduled(0, false, 0);
    t.scheduled(1, true, 0);
    t.acknowledged(0, 10);
    t.acknowledged(1, 10);
    t.sampleSeen(0, 20);
    t.rejectionSeen(1, 20);
    t.sampleSeen(99, 20);

    assertThat(t.allAccountedFor()).isTrue();
    assertThat(t.counts().clean()).isTrue();
    assertThat(t.counts().foreignOut()).isEqualTo(1);
    // the warm-up record is counted but not timed
    assertThat(t.endToEnd().getTotalCount()).isZero();
  }
}
