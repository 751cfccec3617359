package io.jointcs.latency.profiling;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.jointcs.model.BlockDescriptor;
import io.jointcs.model.LayerDescriptor;
import io.jointcs.model.LayerType;
import io.jointcs.model.Path;
import io.jointcs.model.blocks.PlanBlock;
import java.util.List;

/**
 * DJL blocks for single layers, built by the same interpreter ({@link PlanBlock}) that builds whole networks, so a
 * layer timed alone runs exactly the code it runs inside a model: convolution + batch-norm + activation, pooling,
 * linear, or the residual addition (with its activation).
 */
public final class LayerBlocks {
  private LayerBlocks() {}

  /**
   * A one-layer block with initialized weights in {@code manager}: the layer's own block, or for ADD a residual
   * block whose two branches are the identity (it adds the input to itself: same shape, same kernel).
   */
  public static Block isolated(LayerDescriptor layer, NDManager manager, int batchSize) {
    boolean add = layer.type() == LayerType.ADD;
    // a non-residual plan block runs only its MAIN layers: a shortcut convolution is timed as a MAIN one
    LayerDescriptor single = add ? layer : onMainPath(layer);
    BlockDescriptor block = new BlockDescriptor(1, "profile." + layer.name(), add, List.of(single),
        layer.outChannels(), layer.outHeight(), layer.outWidth(), layer.outputGroup());
    PlanBlock planBlock = new PlanBlock(block);
    planBlock.initialize(manager, DataType.FLOAT32, inputShape(layer, batchSize));
    return add ? planBlock : planBlock.layers().get(layer.name());
  }

  /** Shape of the layer's input for a batch: (N, C, H, W), or (N, features) for LINEAR. */
  public static Shape inputShape(LayerDescriptor layer, int batchSize) {
    return layer.type() == LayerType.LINEAR
        ? new Shape(batchSize, layer.inChannels())
        : new Shape(batchSize, layer.inChannels(), layer.inHeight(), layer.inWidth());
  }

  /** Elements of the layer's output for a batch, to check that the block computes the described shape. */
  public static long outputElements(LayerDescriptor layer, int batchSize) {
    return (long) batchSize * layer.outChannels() * layer.outHeight() * layer.outWidth();
  }

  private static LayerDescriptor onMainPath(LayerDescriptor l) {
    if (l.path() == Path.MAIN) {
      return l;
    }
    return new LayerDescriptor(l.name(), l.blockIndex(), Path.MAIN, l.type(), l.activation(), l.inChannels(),
        l.outChannels(), l.kernel(), l.stride(), l.padding(), l.groups(), l.inHeight(), l.inWidth(), l.outHeight(),
        l.outWidth(), l.macs(), l.params(), l.inputGroup(), l.outputGroup());
  }
}
