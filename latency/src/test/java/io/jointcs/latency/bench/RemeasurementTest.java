package io.jointcs.latency.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.jointcs.latency.prediction.HoldOutSplit;
import io.jointcs.latency.prediction.LayerFeatures;
import io.jointcs.latency.prediction.LayerLatencySample;
import io.jointcs.latency.profiling.LayerConfigSampler;
import io.jointcs.latency.profiling.SamplerConfig;
import io.jointcs.model.Architecture;
import io.jointcs.model.LayerDescriptor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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

  @Test
  void everyHeldOutSampleIsRemeasuredAsTheConfigurationItWasProfiledFrom() {
    List<LayerDescriptor> sampled = new LayerConfigSampler(new SamplerConfig(List.of(Architecture.values()), 10, 16,
        400, 0.25, 42)).sample().layers();
    // names say where a shape came from: many configurations share one, so pairing by name re-times other layers
    assertThat(new HashSet<>(sampled.stream().map(LayerDescriptor::name).toList())).hasSizeLessThan(sampled.size() / 2);
    List<LayerLatencySample> profiled = new ArrayList<>();
    for (int i = 0; i < sampled.size(); i++) {
      LayerDescriptor d = sampled.get(i);
      profiled.add(new LayerLatencySample("cpu-1t", LayerFeatures.of(d, 1), 0.01 + i * 1e-4, null, d.name()));
    }
    List<LayerLatencySample> heldOut = HoldOutSplit.byModel(profiled, 0.25, 42).validation();

    List<LayerDescriptor> again = PredictorBenchmark.heldOutDescriptors(sampled, profiled, heldOut);

    assertThat(again).hasSize(heldOut.size());
    for (int i = 0; i < again.size(); i++) {
      assertThat(LayerFeatures.of(again.get(i), 1)).isEqualTo(heldOut.get(i).features());
      assertThat(again.get(i)).isSameAs(sampled.get(profiled.indexOf(heldOut.get(i))));
    }
  }
}
