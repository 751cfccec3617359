package io.jointcs.latency.profiling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jointcs.timing.LatencyTimer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CleanRunTimerTest {
  @Test
  void measuresAndReportsContention() {
    CleanRunTimer timer = new CleanRunTimer(1, 5, 40, 0.5, 5);
    CleanRunTimer.Result r = timer.measure(() -> {
      long end = System.nanoTime() + 200_000;
      while (System.nanoTime() < end) {
        Thread.onSpinWait();
      }
    });
    assertThat(r.measurement().medianMs()).isGreaterThanOrEqualTo(0.2);
    assertThat(r.minMs()).isLessThanOrEqualTo(r.measurement().medianMs());
    assertThat(r.measurement().runs()).isBetween(10, 40);
    if (CleanRunTimer.preemptionVisible()) {
      assertThat(r.preemptedRuns()).isBetween(0, r.measurement().runs());
      assertThat(r.waitShare()).isBetween(0.0, 1.0);
    } else {
      assertThat(r.preemptedRuns()).isEqualTo(-1);
    }
    TimingStats stats = r.stats();
    assertThat(stats.minMs()).isEqualTo(r.minMs());
    assertThat(stats.runs()).isEqualTo(r.measurement().runs());
  }

  @Test
  void summaryRejectsOutliersAndCountsEveryRunLeftOut() {
    List<Double> used = new ArrayList<>(List.of(1.0, 1.01, 0.99, 1.0, 1.02, 5.0));
    LatencyTimer.Measurement m = CleanRunTimer.summarize(used, 10, true);
    assertThat(m.medianMs()).isEqualTo(1.0);
    assertThat(m.runs()).isEqualTo(10);
    assertThat(m.rejected()).isEqualTo(5); // 4 not used (preempted) + 1 outlier
  }

  @Test
  void badSettingsAreRefused() {
    assertThatThrownBy(() -> new CleanRunTimer(1, 5, 40, 0.5, 2)).hasMessageContaining("clean runs");
    assertThatThrownBy(() -> new CleanRunTimer(1, 5, 4, 0.5, 3)).hasMessageContaining("max");
  }

  @Test
  void cutsAreSpreadEvenlyAndAllWhenUnlimited() {
    assertThat(new ModelProfileOptions(false, true).cuts(5)).containsExactly(1, 2, 3, 4);
    assertThat(new ModelProfileOptions(false, true, 4).cuts(21)).containsExactly(4, 8, 13, 17);
    assertThat(new ModelProfileOptions(false, true, 10).cuts(4)).containsExactly(1, 2, 3);
    assertThat(new ModelProfileOptions(false, false, 3).cuts(20)).isEmpty();
    assertThat(new ModelProfileOptions(false, true, 2).rangeCount(11)).isEqualTo(5);
  }

  @Test
  void contentionIsMeasuredWhereKnownAndTheLoadAverageOtherwise() {
    DeviceDescriptor busy = new DeviceDescriptor("d", "c", 2, 1, "1", true, 9.0, 1, 1, 1, "os", "arch", "PyTorch",
        "v", "v", "17", false, "real");
    assertThat(ProfileSummary.isContended(0.01, 0.001, busy)).isFalse();
    assertThat(ProfileSummary.isContended(0.20, 0.001, busy)).isTrue();
    assertThat(ProfileSummary.isContended(0.01, 0.10, busy)).isTrue();
    assertThat(ProfileSummary.isContended(-1, -1, busy)).isTrue();
  }
}
