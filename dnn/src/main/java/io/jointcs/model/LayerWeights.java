package io.jointcs.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import io.jointcs.model.blocks.ConvBnAct;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The weights of one layer, keyed by stable names ({@code conv.weight}, {@code bn.gamma},
 * {@code bn.beta}, {@code bn.runningMean}, {@code bn.runningVar}, {@code fc.weight},
 * {@code fc.bias}), and the shapes its descriptor demands. DJL loads parameter files without
 * comparing shapes to the block, so every loader checks them here.
 */
public final class LayerWeights {
  public static final String CONV_WEIGHT = "conv.weight";
  public static final String BN_GAMMA = "bn.gamma";
  public static final String BN_BETA = "bn.beta";
  public static final String BN_RUNNING_MEAN = "bn.runningMean";
  public static final String BN_RUNNING_VAR = "bn.runningVar";
  public static final String FC_WEIGHT = "fc.weight";
  public static final String FC_BIAS = "fc.bias";

  private LayerWeights() {}

  /** The parameters of a layer's DJL block, in a fixed order; empty for layers without weights. */
  public static Map<String, Parameter> parameters(LayerDescriptor layer, Block block) {
    Map<String, Parameter> out = new LinkedHashMap<>();
    switch (layer.type()) {
      case CONV, DEPTHWISE_CONV -> {
        ConvBnAct convBnAct = cast(layer, block, ConvBnAct.class);
        out.put(CONV_WEIGHT, convBnAct.conv().getParameters().get("weight"));
        out.put(BN_GAMMA, convBnAct.batchNorm().getParameters().get("gamma"));
        out.put(BN_BETA, convBnAct.batchNorm().getParameters().get("beta"));
        out.put(BN_RUNNING_MEAN, convBnAct.batchNorm().getParameters().get("runningMean"));
        out.put(BN_RUNNING_VAR, convBnAct.batchNorm().getParameters().get("runningVar"));
      }
      case LINEAR -> {
        Linear linear = cast(layer, block, Linear.class);
        out.put(FC_WEIGHT, linear.getParameters().get("weight"));
        out.put(FC_BIAS, linear.getParameters().get("bias"));
      }
      case ADD, MAX_POOL, GLOBAL_AVG_POOL -> { }
    }
    return out;
  }

  /** The shape of every parameter of {@link #parameters} that the descriptor implies. */
  public static Map<String, Shape> expectedShapes(LayerDescriptor layer) {
    Map<String, Shape> out = new LinkedHashMap<>();
    if (layer.type() == LayerType.CONV || layer.type() == LayerType.DEPTHWISE_CONV) {
      out.put(CONV_WEIGHT, new Shape(layer.outChannels(), layer.inChannels() / layer.groups(), layer.kernel(),
          layer.kernel()));
      for (String name : new String[] {BN_GAMMA, BN_BETA, BN_RUNNING_MEAN, BN_RUNNING_VAR}) {
        out.put(name, new Shape(layer.outChannels()));
      }
    } else if (layer.type() == LayerType.LINEAR) {
      out.put(FC_WEIGHT, new Shape(layer.outChannels(), layer.inChannels()));
      out.put(FC_BIAS, new Shape(layer.outChannels()));
    }
    return out;
  }

  /**
   * Throws when a parameter of the given layers is missing or shaped differently from what the
   * descriptors say, naming the first offending layer and parameter.
   *
   * @param blocks the DJL block of each layer by descriptor name
   */
  public static void verify(Collection<LayerDescriptor> layers, Map<String, Block> blocks) {
    for (LayerDescriptor layer : layers) {
      Map<String, Shape> expected = expectedShapes(layer);
      if (expected.isEmpty()) {
        continue;
      }
      Block block = blocks.get(layer.name());
      if (block == null) {
        throw new IllegalArgumentException("layer " + layer.name() + " is missing");
      }
      Map<String, Parameter> actual = parameters(layer, block);
      for (Map.Entry<String, Shape> entry : expected.entrySet()) {
        Parameter parameter = actual.get(entry.getKey());
        if (parameter == null || !parameter.isInitialized()) {
          throw new IllegalArgumentException("layer " + layer.name() + " has no " + entry.getKey());
        }
        Shape shape = parameter.getArray().getShape();
        if (!shape.equals(entry.getValue())) {
          throw new IllegalArgumentException("layer " + layer.name() + " " + entry.getKey() + " has shape " + shape
              + " but the spec needs " + entry.getValue());
        }
      }
    }
  }

  private static <T extends Block> T cast(LayerDescriptor layer, Block block, Class<T> type) {
    if (!type.isInstance(block)) {
      throw new IllegalArgumentException("layer " + layer.name() + " (" + layer.type() + ") is a "
          + block.getClass().getSimpleName() + ", not a " + type.getSimpleName());
    }
    return type.cast(block);
  }
}
