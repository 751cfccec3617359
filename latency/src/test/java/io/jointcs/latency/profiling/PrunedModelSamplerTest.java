package io.jointcs.latency.profiling;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointcs.model.Architecture;
import io.jointcs.model.ChannelGroup;
import io.jointcs.model.ModelSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrunedModelSamplerTest {
  private final PrunedModelSampler sampler = new PrunedModelSampler(0.25, 10);

  @Test
  void prunedModelsAreValidAndWithinTheBaseWidths() {
    List<ModelSpec> specs = sampler.sample(List.of(Architecture.values()), 50, 11);

    assertThat(specs).hasSize(50);
    assertThat(specs.stream().map(ModelSpec::architecture).distinct()).hasSize(Architecture.values().length);
    for (ModelSpec spec : specs) {
      assertThat(spec.fitsWithin(ModelSpec.base(spec.architecture(), 10))).isTrue();
      for (ChannelGroup g : spec.architecture().channelGroups()) {
        assertThat(spec.width(g.index())).isBetween((int) Math.floor(0.25 * g.baseWidth()), g.baseWidth());
      }
      assertThat(spec.plan().layers()).isNotEmpty();
    }
  }

  @Test
  void modelSizesSpreadOverTheKeepRange() {
    List<Double> macRatios = sampler.sample(List.of(Architecture.RESNET20), 40, 5).stream()
        .map(s -> (double) s.plan().macs() / ModelSpec.base(Architecture.RESNET20, 10).plan().macs()).toList();

    assertThat(macRatios.stream().mapToDouble(Double::doubleValue).min().orElseThrow()).isLessThan(0.3);
    assertThat(macRatios.stream().mapToDouble(Double::doubleValue).max().orElseThrow()).isGreaterThan(0.7);
  }

  @Test
  void theSameSeedGivesTheSameModels() {
    List<Architecture> all = List.of(Architecture.values());
    assertThat(sampler.sample(all, 10, 4)).isEqualTo(sampler.sample(all, 10, 4));
    assertThat(sampler.sample(all, 10, 4)).isNotEqualTo(sampler.sample(all, 10, 5));
  }
}
