package io.jointcs.latency.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointcs.latency.prediction.LayerLatencySample;
import io.jointcs.latency.training.RetrainPolicy.Action;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetrainPolicyTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private final RetrainPolicy policy = new RetrainPolicy(50, Duration.ofSeconds(60), 200, 20);

  @Test
  void firstPredictorWaitsForTheMinimumTrainingAndHoldoutCounts() {
    // Given a class that never trained
    // When it has enough new samples but fewer than a first predictor needs, then enough training but no hold-out
    // Then it waits; with both it retrains at once (no previous attempt to debounce against)
    assertThat(policy.decide(null, 120, 120, 30, false, T0).action()).isEqualTo(Action.WAIT_FOR_SAMPLES);
    assertThat(policy.decide(null, 250, 250, 10, false, T0).action()).isEqualTo(Action.WAIT_FOR_SAMPLES);
    assertThat(policy.decide(null, 250, 250, 20, false, T0).retrain()).isTrue();
  }

  @Test
  void debouncesByNewSamplesAndByTime() {
    // Given a class with a predictor whose last attempt was at T0
    // When 49 samples arrive: not enough, however long it has been
    assertThat(policy.decide(T0, 49, 349, 40, true, T0.plusSeconds(3600)).action())
        .isEqualTo(Action.WAIT_FOR_SAMPLES);
    // When 50 arrive within the interval: wait until T0 + 60 s
    RetrainPolicy.Decision early = policy.decide(T0, 50, 350, 40, true, T0.plusSeconds(10));
    assertThat(early.action()).isEqualTo(Action.WAIT_FOR_INTERVAL);
    assertThat(early.notBefore()).isEqualTo(T0.plusSeconds(60));
    // Then at T0 + 60 s it retrains
    assertThat(policy.decide(T0, 50, 350, 40, true, T0.plusSeconds(60)).retrain()).isTrue();
  }

  @Test
  void newDataIsToldByValidationTimeSoAReplayIsNotNewData() {
    // Given a set replayed after a restart: 300 samples validated before the current predictor was made, 10 after,
    // arriving in mixed order
    ClassTrainingSet set = new ClassTrainingSet("c", new HoldoutAssignment(0.01), 10_000, 1_000);
    Instant created = T0.plusSeconds(1000);
    List<LayerLatencySample> samples = Layers.samples("c", 400, 0, 1);
    int added = 0;
    for (int i = 0; added < 310; i++) {
      boolean newer = i % 31 == 30;
      long at = newer ? created.toEpochMilli() + 1 + i : T0.toEpochMilli() + i;
      if (newer && set.trainingSamplesValidatedAfter(created.toEpochMilli()) >= 10) {
        continue;
      }
      if (set.add("s" + i, samples.get(i), false, at) == ClassTrainingSet.Added.TRAINING) {
        added++;
      }
    }
    // When the progress is resumed from the current predictor
    RetrainProgress resumed = RetrainProgress.resumedFrom(created);
    // Then only the 10 newer samples count as new, and the predictor's creation counts as the last attempt
    assertThat(set.trainingSamplesValidatedAfter(resumed.watermarkEpochMs())).isEqualTo(10);
    assertThat(policy.decide(resumed, set, true, created.plusSeconds(3600)).action())
        .isEqualTo(Action.WAIT_FOR_SAMPLES);
    // And after an attempt on this data, none of it is new any more
    RetrainProgress after = RetrainProgress.attempted(set.snapshot(), created.plusSeconds(3600));
    assertThat(set.trainingSamplesValidatedAfter(after.watermarkEpochMs())).isZero();
  }
}
