package io.jointcs.pruning;

import io.jointcs.model.LayerWeights;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import io.jointcs.model.LayerDescriptor;
import io.jointcs.model.LayerType;
import io.jointcs.model.Network;
import java.util.Map;

/**
 * Li et al. (2017) filter ranking: the importance of channel k of group g is the sum, over every
 * convolution producing group g (all of them when a residual addition ties several), of the L1
 * norm of filter k. Optionally each filter norm is scaled by |gamma_k| of the batch-norm that
 * follows it, since batch-norm can rescale a filter's output arbitrarily.
 */
public final class L1NormRanking implements ChannelRanking {
  private final boolean scaleByBatchNormGamma;

  private L1NormRanking(boolean scaleByBatchNormGamma) {
    this.scaleByBatchNormGamma = scaleByBatchNormGamma;
  }

  /** Plain filter L1 norms. */
  public static L1NormRanking plain() {
    return new L1NormRanking(false);
  }

  /** Filter L1 norms times |batch-norm gamma|. */
  public static L1NormRanking gammaScaled() {
    return new L1NormRanking(true);
  }

  @Override
  public String name() {
    return scaleByBatchNormGamma ? "l1-gamma" : "l1";
  }

  @Override
  public double[] importance(Network network, int group) {
    double[] scores = new double[network.spec().width(group)];
    boolean found = false;
    for (LayerDescriptor layer : network.plan().layers()) {
      if (layer.outputGroup() != group
          || (layer.type() != LayerType.CONV && layer.type() != LayerType.DEPTHWISE_CONV)) {
        continue;
      }
      found = true;
      Map<String, Parameter> weights = LayerWeights.parameters(layer, network.layers().get(layer.name()));
      Shape shape = weights.get(LayerWeights.CONV_WEIGHT).getArray().getShape();
      float[] filters = weights.get(LayerWeights.CONV_WEIGHT).getArray().toFloatArray();
      float[] gamma = scaleByBatchNormGamma ? weights.get(LayerWeights.BN_GAMMA).getArray().toFloatArray() : null;
      int perFilter = (int) (shape.size() / shape.get(0));
      for (int k = 0; k < scores.length; k++) {
        double norm = 0;
        for (int i = k * perFilter; i < (k + 1) * perFilter; i++) {
          norm += Math.abs(filters[i]);
        }
        scores[k] += gamma == null ? norm : norm * Math.abs(gamma[k]);
      }
    }
    if (!found) {
      throw new IllegalArgumentException("no convolution produces channel group '"
          + network.spec().architecture().channelGroups().get(group).name() + "'");
    }
    return scores;
  }

  @Override
  public String toString() {
    return name();
  }
}
