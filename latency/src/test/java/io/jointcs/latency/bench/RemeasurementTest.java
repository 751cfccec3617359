package io.jointcs.latency.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RemeasurementTest {

  @Test
  void aLevelShiftOfTheWholeMachineIsSeparatedFromTheNoiseOfSingleLayers() {
    double[] first = {1.0, 2.0, 4.0, 0.5, 8.0};
    // everything 20% slower the second time, one layer 8% off beyond that
    double[] second = {1.2, 2.4, 4.8 * 1.08, 0.6, 9.6};

    PredictorBenchReport.Remeasurement r = PredictorBenchmark.remeasurement(first, second);

    assertThat(r.medianRatio()).isCloseTo(1.2, within(1e-12));
    assertThat(r.againstFirst().mape()).isGreaterThan(0.2);
    assertThat(r.againstFirst().within10Pct()).isZero();
    assertThat(r.levelShiftRemoved().mape()).isCloseTo(0.08 / 5, within(1e-9));
    assertThat(r.levelShiftRemoved().within10Pct()).isEqualTo(1.0);
    assertThat(r.levelShiftRemoved().within5Pct()).isEqualTo(0.8);
  }
}
