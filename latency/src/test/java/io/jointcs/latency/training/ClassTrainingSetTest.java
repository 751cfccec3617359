package io.jointcs.latency.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointcs.latency.prediction.LayerLatencySample;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClassTrainingSetTest {

  @Test
  void holdoutIsFixedBySampleIdAndNearItsFraction() {
    // Given the same assignment twice (e.g. before and after a restart)
    HoldoutAssignment a = new HoldoutAssignment(0.2);
    HoldoutAssignment b = new HoldoutAssignment(0.2);
    // When 10 000 ids are assigned
    int held = 0;
    for (int i = 0; i < 10_000; i++) {
      String id = "telemetry-" + i;
      assertThat(a.holdsOut(id)).isEqualTo(b.holdsOut(id));
      held += a.holdsOut(id) ? 1 : 0;
    }
    // Then about 20% are held out (binomial sd is 40)
    assertThat(held).isBetween(1850, 2150);
  }

  @Test
  void dropsRedeliveredSamplesAndKeepsTheMostRecent() {
    // Given a set that keeps at most 100 training and 30 held-out samples
    ClassTrainingSet set = new ClassTrainingSet("pi", new HoldoutAssignment(0.25), 100, 30);
    List<LayerLatencySample> samples = Layers.samples("pi", 400, 0.05, 1);
    // When 400 samples arrive, and then the first 50 again (redelivery of retained ones is dropped)
    for (int i = 0; i < 400; i++) {
      set.add("id-" + i, samples.get(i), false, i);
    }
    long arrivals = set.trainingArrivals();
    for (int i = 350; i < 400; i++) {
      assertThat(set.add("id-" + i, samples.get(i), false, i)).isEqualTo(ClassTrainingSet.Added.DUPLICATE);
    }
    // Then the bounds hold, arrivals count every training sample once, and the snapshot is the newest data
    TrainingSnapshot snap = set.snapshot();
    assertThat(snap.training()).hasSize(100);
    assertThat(snap.holdout()).hasSize(30);
    assertThat(set.trainingArrivals()).isEqualTo(arrivals).isGreaterThan(250);
    assertThat(snap.training().get(99)).isIn(samples.subList(300, 400));
  }
}
