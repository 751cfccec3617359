package io.jointcs.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.jointcs.model.blocks.ConvBnAct;
import io.jointcs.model.blocks.PlanBlock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The analytic descriptors must agree with the tensors DJL really produces. */
class NetworkShapesTest {

  @ParameterizedTest
  @EnumSource(value = Architecture.class, names = {"RESNET20", "VGG16_BN", "MOBILENET_V2"})
  void descriptorsMatchRealTensorShapes(Architecture architecture) {
    // a pruned spec, so that the check covers non-default widths
    ModelSpec spec = ModelSpec.uniformlyScaled(architecture, 10, 0.5);
    try (NDManager manager = NDManager.newBaseManager();
        Network network = Network.initialize(spec, manager, 7)) {
      NDArray x = manager.randomNormal(network.inputShape(2));
      ParameterStore store = new ParameterStore(manager, false);
      for (PlanBlock block : network.blocks()) {
        BlockDescriptor descriptor = block.descriptor();
        NDArray main = x;
        for (LayerDescriptor layer : descriptor.layers()) {
          if (layer.path() != Path.MAIN) {
            continue;
          }
          main = block.layers().get(layer.name()).forward(store, new NDList(main), false).singletonOrThrow();
          assertThat(main.getShape()).as(layer.name()).isEqualTo(expectedShape(layer));
        }
        x = block.forward(store, new NDList(x), false).singletonOrThrow();
        Shape expected = descriptor.outHeight() == 1 && descriptor.outputGroup() == -1
            ? new Shape(2, descriptor.outChannels())
            : new Shape(2, descriptor.outChannels(), descriptor.outHeight(), descriptor.outWidth());
        assertThat(x.getShape()).as(descriptor.name()).isEqualTo(expected);
      }
    }
  }

  private static Shape expectedShape(LayerDescriptor layer) {
    return switch (layer.type()) {
      case LINEAR -> new Shape(2, layer.outChannels());
      case GLOBAL_AVG_POOL -> new Shape(2, layer.outChannels());
      default -> new Shape(2, layer.outChannels(), layer.outHeight(), layer.outWidth());
    };
  }

  @ParameterizedTest
  @EnumSource(value = Architecture.class, names = {"RESNET20", "RESNET56", "VGG16_BN", "MOBILENET_V2"})
  void parameterAndMacCountsMatchTheDescriptors(Architecture architecture) {
    ModelSpec spec = ModelSpec.uniformlyScaled(architecture, 10, 0.75);
    try (NDManager manager = NDManager.newBaseManager();
        Network network = Network.initialize(spec, manager, 3)) {
      long learnable = 0;
      for (Pair<String, Parameter> p : network.parameters()) {
        if (p.getValue().requiresGradient()) {
          learnable += p.getValue().getArray().size();
        }
      }
      assertThat(learnable).isEqualTo(spec.plan().params());

      long macsFromWeights = 0;
      for (LayerDescriptor layer : spec.plan().layers()) {
        Block block = network.layers().get(layer.name());
        if (block instanceof ConvBnAct conv) {
          Shape weight = conv.conv().getParameters().get("weight").getArray().getShape();
          // out x (in / groups) x k x k weights, each used once per output position
          macsFromWeights += weight.size() * layer.outHeight() * layer.outWidth();
        } else if (layer.type() == LayerType.LINEAR) {
          macsFromWeights += block.getParameters().get("weight").getArray().getShape().size();
        }
      }
      assertThat(macsFromWeights).isEqualTo(spec.plan().macs());
    }
  }
}
