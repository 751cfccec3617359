package io.jointcs.model.blocks;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.jointcs.model.Activation;
import io.jointcs.model.LayerDescriptor;

/** Convolution without bias, batch-norm, activation: the CONV and DEPTHWISE_CONV layers. */
public final class ConvBnAct extends AbstractBlock {
  /** PyTorch's batch-norm defaults, so weights trained there behave the same here. */
  public static final float BN_EPSILON = 1e-5f;
  /**
   * DJL's convention: running = momentum * running + (1 - momentum) * batch. The PyTorch engine
   * passes 1 - momentum to torch, whose running variance uses the unbiased batch variance.
   */
  public static final float BN_MOMENTUM = 0.9f;

  private final Conv2d conv;
  private final BatchNorm batchNorm;
  private final Activation activation;

  ConvBnAct(LayerDescriptor layer) {
    conv = addChildBlock("conv", Conv2d.builder()
        .setKernelShape(new Shape(layer.kernel(), layer.kernel()))
        .optStride(new Shape(layer.stride(), layer.stride()))
        .optPadding(new Shape(layer.padding(), layer.padding()))
        .optGroups(layer.groups())
        .setFilters(layer.outChannels())
        .optBias(false)
        .build());
    batchNorm = addChildBlock("bn", BatchNorm.builder().optEpsilon(BN_EPSILON).optMomentum(BN_MOMENTUM).build());
    activation = layer.activation();
  }

  public Conv2d conv() {
    return conv;
  }

  public BatchNorm batchNorm() {
    return batchNorm;
  }

  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDList x = conv.forward(store, inputs, training);
    x = batchNorm.forward(store, x, training);
    return new NDList(Activations.apply(activation, x.singletonOrThrow()));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return batchNorm.getOutputShapes(conv.getOutputShapes(inputShapes));
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    conv.initialize(manager, dataType, inputShapes);
    batchNorm.initialize(manager, dataType, conv.getOutputShapes(inputShapes));
  }
}
