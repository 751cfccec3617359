package io.jointcs.latency.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointcs.latency.prediction.LayerFeatures;
import io.jointcs.latency.prediction.LayerLatencySample;
import io.jointcs.latency.prediction.ModelLatencyObservation;
import io.jointcs.latency.profiling.DeviceDescriptor;
import io.jointcs.latency.profiling.LayerPlacement;
import io.jointcs.latency.profiling.LayerProfile;
import io.jointcs.latency.profiling.ModelNames;
import io.jointcs.latency.profiling.ProfileRecord;
import io.jointcs.latency.profiling.PrunedModelSampler;
import io.jointcs.latency.profiling.RangeProfile;
import io.jointcs.latency.profiling.RangeScope;
import io.jointcs.latency.profiling.TimingStats;
import io.jointcs.model.Architecture;
import io.jointcs.model.LayerDescriptor;
import io.jointcs.model.ModelSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PredictorBenchmarkPartitionTest {
  private static final DeviceDescriptor DEVICE = new DeviceDescriptor("cpu-1t", "Test CPU", 2, 1, "1", true, 1.0, 1,
      1, 1, "Linux", "amd64", "PyTorch", "2.7.1", "0.36.0", "17", false, "real configuration, nothing emulated");
  private static final TimingStats TIMING = new TimingStats(0.9, 1.1, 0.01, 0.2, 20, 0, true);

  /** Layer and whole/head/tail records of each model, as the profiler makes them. */
  private static List<ProfileRecord> records(List<ModelSpec> specs) {
    List<ProfileRecord> out = new ArrayList<>();
    for (ModelSpec spec : specs) {
      String name = ModelNames.of(spec);
      for (LayerDescriptor l : spec.plan().layers()) {
        out.add(new LayerProfile(new LayerLatencySample("cpu-1t", LayerFeatures.of(l), 0.1, name, l.name()),
            LayerPlacement.IN_NETWORK, TIMING, DEVICE, "t"));
      }
      int b = spec.plan().blockCount();
      int layers = spec.plan().layers().size();
      out.add(new RangeProfile(name, spec, RangeScope.MODEL, 0, b, layers, 1, 0.1 * layers + 1, 0.1 * layers, TIMING,
          DEVICE, "t"));
      int headLayers = spec.plan().block(1).layers().size();
      out.add(new RangeProfile(name, spec, RangeScope.HEAD, 0, 1, headLayers, 1, 0.2, 0.1 * headLayers, TIMING,
          DEVICE, "t"));
      out.add(new RangeProfile(name, spec, RangeScope.TAIL, 1, b, layers - headLayers, 1, 1.0,
          0.1 * (layers - headLayers), TIMING, DEVICE, "t"));
    }
    return out;
  }

  @Test
  void heldOutModelsAreNeverFittedOnAndEveryArchitectureIsOnBothSides() {
    List<Architecture> archs = List.of(Architecture.RESNET20, Architecture.MOBILENET_V2);
    List<ModelSpec> specs = new PrunedModelSampler(0.25, 10).sample(archs, 8, 5);
    PredictorBenchmark.ModelPartition p = PredictorBenchmark.partition(specs, records(specs), archs.size());

    Set<String> heldOut = p.heldOut().stream().map(h -> ModelNames.of(h.spec())).collect(Collectors.toSet());
    Set<String> fitted = new HashSet<>();
    p.trainingLayers().forEach(s -> fitted.add(s.modelName()));
    p.trainingRanges().stream().map(ModelLatencyObservation::modelName).forEach(fitted::add);
    assertThat(heldOut).hasSize(4);
    assertThat(fitted).hasSize(4).doesNotContainAnyElementsOf(heldOut);
    for (Architecture a : archs) {
      assertThat(p.heldOut()).anyMatch(h -> h.spec().architecture() == a);
      assertThat(specs.stream().filter(s -> s.architecture() == a).map(ModelNames::of)).anyMatch(fitted::contains);
    }
    // whole models, heads and tails on both sides
    assertThat(p.trainingRanges()).hasSize(12);
    assertThat(p.heldOut()).extracting(PredictorBenchmark.HeldOutRange::scope)
        .containsOnly(RangeScope.MODEL, RangeScope.HEAD, RangeScope.TAIL).hasSize(12);
  }

  @Test
  void alternatingByTurnKeepsArchitecturesBalancedForAnyCount() {
    for (int archs = 1; archs <= 5; archs++) {
      for (int a = 0; a < archs; a++) {
        // model i uses architecture i % archs: the first two turns put it on both sides
        assertThat(PredictorBenchmark.heldOutModel(a, archs)).isFalse();
        assertThat(PredictorBenchmark.heldOutModel(a + archs, archs)).isTrue();
      }
    }
  }
}
