package io.jointcs.timing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatencyTimerTest {

  @Test
  void outliersAreRejectedAndDoNotMoveTheMedian() {
    List<Double> samples = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      samples.add(10.0 + (i % 5) * 0.1);
    }
    samples.add(95.0); // a preempted run
    samples.add(120.0);
    LatencyTimer.Measurement m = LatencyTimer.summarize(samples, true);
    assertThat(m.rejected()).isEqualTo(2);
    assertThat(m.medianMs()).isEqualTo(10.2);
    assertThat(m.p90Ms()).isLessThan(10.5);
    assertThat(m.runs()).isEqualTo(42);
  }

  @Test
  void percentilesInterpolate() {
    assertThat(LatencyTimer.percentile(new double[] {1, 2, 3, 4}, 0.5)).isEqualTo(2.5);
    assertThat(LatencyTimer.percentile(new double[] {1, 2, 3, 4, 5}, 0.1)).isEqualTo(1.4);
  }

  @Test
  void stopsOnceTheMedianSettles() {
    LatencyTimer timer = new LatencyTimer(1, 5, 500, 0.5);
    int[] calls = {0};
    LatencyTimer.Measurement m = timer.measure(() -> {
      calls[0]++;
      Thread.sleep(2);
    });
    assertThat(m.stable()).isTrue();
    assertThat(m.runs()).isLessThan(500);
    assertThat(calls[0]).isEqualTo(m.runs() + 1);
    assertThat(m.medianMs()).isGreaterThanOrEqualTo(2.0);
  }

  @Test
  void badSettingsAreRejected() {
    assertThatThrownBy(() -> new LatencyTimer(1, 2, 10, 0.1)).hasMessageContaining("round 2");
  }
}
