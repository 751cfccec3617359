package io.jointcs.model.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.jointcs.model.Activation;
import io.jointcs.model.BlockDescriptor;
import io.jointcs.model.LayerDescriptor;
import io.jointcs.model.LayerType;
import io.jointcs.model.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The DJL block of one {@link BlockDescriptor}: runs the MAIN layers, and for residual blocks the
 * SHORTCUT layers (identity when there are none), then adds them. One interpreter for every
 * architecture, so the descriptors are the single source of truth for the structure.
 */
public final class PlanBlock extends AbstractBlock {
  private final BlockDescriptor descriptor;
  private final List<Block> main = new ArrayList<>();
  private final List<Block> shortcut = new ArrayList<>();
  private final Map<String, Block> layers = new LinkedHashMap<>();
  private final Activation joinActivation;

  public PlanBlock(BlockDescriptor descriptor) {
    this.descriptor = descriptor;
    Activation join = Activation.NONE;
    for (LayerDescriptor layer : descriptor.layers()) {
      if (layer.type() == LayerType.ADD) {
        join = layer.activation();
        continue;
      }
      Block block = addChildBlock(layer.name().replace('.', '_'), blockFor(layer));
      layers.put(layer.name(), block);
      (layer.path() == Path.SHORTCUT ? shortcut : main).add(block);
    }
    joinActivation = join;
  }

  private static Block blockFor(LayerDescriptor layer) {
    return switch (layer.type()) {
      case CONV, DEPTHWISE_CONV -> new ConvBnAct(layer);
      case MAX_POOL -> Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2));
      case GLOBAL_AVG_POOL -> Pool.globalAvgPool2dBlock();
      case LINEAR -> Linear.builder().setUnits(layer.outChannels()).optBias(true).build();
      case ADD -> throw new IllegalArgumentException("ADD is applied by the block, not a child");
    };
  }

  public BlockDescriptor descriptor() {
    return descriptor;
  }

  /** DJL block of each layer by descriptor name (ADD layers have none). */
  public Map<String, Block> layers() {
    return Collections.unmodifiableMap(layers);
  }

  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDList x = inputs;
    for (Block block : main) {
      x = block.forward(store, x, training);
    }
    if (!descriptor.residual()) {
      return x;
    }
    NDList s = inputs;
    for (Block block : shortcut) {
      s = block.forward(store, s, training);
    }
    NDArray sum = x.singletonOrThrow().add(s.singletonOrThrow());
    return new NDList(Activations.apply(joinActivation, sum));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape[] shapes = inputShapes;
    for (Block block : main) {
      shapes = block.getOutputShapes(shapes);
    }
    return shapes;
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape[] shapes = inputShapes;
    for (Block block : main) {
      block.initialize(manager, dataType, shapes);
      shapes = block.getOutputShapes(shapes);
    }
    Shape[] shortcutShapes = inputShapes;
    for (Block block : shortcut) {
      block.initialize(manager, dataType, shortcutShapes);
      shortcutShapes = block.getOutputShapes(shortcutShapes);
    }
  }
}
