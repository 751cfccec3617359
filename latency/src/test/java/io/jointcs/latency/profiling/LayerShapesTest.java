package io.jointcs.latency.profiling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jointcs.model.Architecture;
import io.jointcs.model.LayerDescriptor;
import io.jointcs.model.LayerType;
import io.jointcs.model.ModelSpec;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class LayerShapesTest {

  @Test
  void resizedBaseLayersEqualTheLayersOfPrunedModels() {
    List<ModelSpec> pruned = new PrunedModelSampler(0.1, 10).sample(List.of(Architecture.values()), 25, 3);
    for (ModelSpec spec : pruned) {
      Map<String, LayerDescriptor> base = ModelSpec.base(spec.architecture(), 10).plan().layers().stream()
          .collect(Collectors.toMap(LayerDescriptor::name, Function.identity()));
      for (LayerDescriptor layer : spec.plan().layers()) {
        assertThat(LayerShapes.resize(base.get(layer.name()), layer.inChannels(), layer.outChannels(), layer.name()))
            .as("%s %s", spec.architecture().id(), layer.name()).isEqualTo(layer);
      }
    }
  }

  @Test
  void layersThatKeepTheirChannelCountRefuseTwoCounts() {
    LayerDescriptor depthwise = TestLayers.narrow(Architecture.MOBILENET_V2, LayerType.DEPTHWISE_CONV);
    assertThatThrownBy(() -> LayerShapes.resize(depthwise, 8, 9, "x")).hasMessageContaining("keeps its channel");
    assertThatThrownBy(() -> LayerShapes.resize(depthwise, 0, 0, "x")).hasMessageContaining(">= 1");
  }
}
