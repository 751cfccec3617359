package io.jointcs.latency.profiling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jointcs.model.Architecture;
import io.jointcs.model.LayerDescriptor;
import io.jointcs.model.LayerType;
import io.jointcs.model.ModelSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class LayerConfigSamplerTest {
  private static final List<Architecture> ALL = List.of(Architecture.values());

  /** The cells of the five architectures, computed independently of the sampler. */
  private static Set<CoverageCell> architectureCells() {
    return Arrays.stream(Architecture.values())
        .flatMap(a -> ModelSpec.base(a, 10).plan().layers().stream()).map(CoverageCell::of)
        .collect(Collectors.toSet());
  }

  @Test
  void everyCellOfTheFiveArchitecturesIsCoveredWithinTheBudget() {
    Set<CoverageCell> cells = architectureCells();
    int budget = cells.size() + 20;

    LayerConfigSampler.Sample sample = new LayerConfigSampler(SamplerConfig.standard(budget, 1)).sample();

    assertThat(sample.cells()).isEqualTo(cells.size());
    assertThat(sample.layers()).hasSize(budget);
    assertThat(sample.layers().stream().map(CoverageCell::of).collect(Collectors.toSet())).containsAll(cells);
    assertThat(sample.layers().stream().map(LayerSignature::of).distinct()).hasSize(budget);
  }

  @Test
  void aBudgetBelowTheCellCountIsRefused() {
    int cells = architectureCells().size();
    assertThatThrownBy(() -> new LayerConfigSampler(SamplerConfig.standard(cells - 1, 1)).sample())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least " + cells);
  }

  @Test
  void gridChannelsAreReachableByPruningAndRandomOnesStayNearby() {
    LayerConfigSampler.Sample sample = new LayerConfigSampler(SamplerConfig.standard(600, 2)).sample();

    assertThat(sample.randomSelected()).isEqualTo(600 - sample.gridSelected()).isPositive();
    assertThat(sample.gridSelected()).isGreaterThanOrEqualTo(450);
    for (LayerDescriptor l : sample.layers()) {
      String[] origin = l.name().split("/", 3);
      LayerDescriptor base = ModelSpec.base(Architecture.fromId(origin[1]), 10).plan().layers().stream()
          .filter(b -> b.name().equals(origin[2])).findFirst().orElseThrow();
      assertThat(CoverageCell.of(l)).isEqualTo(CoverageCell.of(base));
      assertThat(l.inChannels()).isBetween(1, base.inChannels());
      assertThat(l.outChannels()).isBetween(1, base.outChannels());
      if (origin[0].equals("grid") && base.inputGroup() >= 0) {
        // on the grid: a multiple of 1/16 of the base width, rounded
        int in = l.inChannels();
        assertThat(java.util.stream.IntStream.rangeClosed(1, 16)
            .map(k -> Math.max(1, (int) Math.round(base.inChannels() * k / 16.0)))).contains(in);
      }
    }
  }

  @Test
  void theBudgetIsSharedAcrossLayerTypesWithoutStarvingAny() {
    Map<LayerType, Long> all = countByType(new LayerConfigSampler(
        new SamplerConfig(ALL, 10, 16, 1_000_000, 0, 1)).sample().layers());
    int budget = 400;

    Map<LayerType, Long> chosen = countByType(new LayerConfigSampler(
        new SamplerConfig(ALL, 10, 16, budget, 0, 1)).sample().layers());

    assertThat(chosen.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(budget);
    for (LayerType type : LayerType.values()) {
      assertThat(chosen.get(type)).as("%s", type).isGreaterThanOrEqualTo(Math.min(all.get(type), budget / 25));
    }
    // convolutions have by far the most distinct shapes and get the largest share, but not all of it
    assertThat(chosen.get(LayerType.CONV)).isBetween((long) budget / 2, (long) budget * 9 / 10);
  }

  @Test
  void waterFillingFollowsTheWeightsAndPassesOnWhatSmallStrataCannotUse() {
    Map<String, Integer> available = new java.util.LinkedHashMap<>();
    available.put("big", 1000);
    available.put("mid", 1000);
    available.put("tiny", 3);

    assertThat(Stratified.allocate(available, 103, k -> k.equals("big") ? 2 : 1))
        .containsEntry("tiny", 3).containsEntry("big", 67).containsEntry("mid", 33);
    assertThat(Stratified.allocate(available, 10)).containsEntry("tiny", 3);
    assertThat(Stratified.allocate(available, 10).values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(10);
    assertThat(Stratified.allocate(available, 5000)).containsEntry("big", 1000).containsEntry("mid", 1000)
        .containsEntry("tiny", 3);
  }

  @Test
  void theSameSeedGivesTheSameConfigurations() {
    List<LayerDescriptor> a = new LayerConfigSampler(SamplerConfig.standard(300, 9)).sample().layers();
    List<LayerDescriptor> b = new LayerConfigSampler(SamplerConfig.standard(300, 9)).sample().layers();
    List<LayerDescriptor> c = new LayerConfigSampler(SamplerConfig.standard(300, 10)).sample().layers();

    assertThat(a).isEqualTo(b);
    assertThat(a).isNotEqualTo(c);
  }

  @Test
  void refinementMakesDistinctNeighboursWithTheSameGeometry() {
    LayerConfigSampler sampler = new LayerConfigSampler(SamplerConfig.standard(100, 3));
    List<LayerDescriptor> focus = List.of(TestLayers.conv3x3At16(32, 48),
        TestLayers.narrow(Architecture.MOBILENET_V2, LayerType.DEPTHWISE_CONV),
        TestLayers.narrow(Architecture.RESNET20, LayerType.LINEAR));

    List<LayerDescriptor> neighbours = sampler.refineAround(focus, 4);

    assertThat(neighbours).hasSizeGreaterThanOrEqualTo(8);
    assertThat(neighbours).isEqualTo(sampler.refineAround(focus, 4));
    assertThat(neighbours.stream().map(LayerSignature::of).distinct()).hasSize(neighbours.size());
    Map<String, LayerDescriptor> byName = focus.stream()
        .collect(Collectors.toMap(l -> "refine/" + l.name(), Function.identity()));
    for (LayerDescriptor n : neighbours) {
      LayerDescriptor origin = byName.get(n.name());
      assertThat(CoverageCell.of(n)).isEqualTo(CoverageCell.of(origin));
      if (n.type() == LayerType.LINEAR) {
        assertThat(n.outChannels()).isEqualTo(10);
      }
      if (n.type() == LayerType.DEPTHWISE_CONV) {
        assertThat(n.groups()).isEqualTo(n.inChannels()).isEqualTo(n.outChannels());
      }
    }
  }

  private static Map<LayerType, Long> countByType(List<LayerDescriptor> layers) {
    return layers.stream().collect(Collectors.groupingBy(LayerDescriptor::type, Collectors.counting()));
  }
}
