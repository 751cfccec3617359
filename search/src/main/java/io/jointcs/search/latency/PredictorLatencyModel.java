package io.jointcs.search.latency;

import io.jointcs.latency.prediction.LatencyPredictor;
import io.jointcs.latency.prediction.LayerFeatures;
import io.jointcs.latency.prediction.Prediction;
import io.jointcs.model.LayerDescriptor;
import io.jointcs.model.NetworkPlan;
import io.jointcs.search.BlockLatencyModel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * P_x of the search from a learned predictor of the latency module. A block range costs exactly what
 * {@link LatencyPredictor#predictBlocks} says: the layers' sum plus the invocation overhead once. For the head and
 * tail latencies of every cut point, all layers of the plan are predicted in one batch (one booster call instead of
 * 2(B+1)) and summed per range with the same overhead law, whenever the predictor keeps the interface's own
 * invocation arithmetic; otherwise every range is asked separately.
 */
public final class PredictorLatencyModel implements BlockLatencyModel {
  private final LatencyPredictor predictor;
  private final int batchSize;
  private final boolean batchable;
  private final AtomicLong layerPredictions = new AtomicLong();
  private final AtomicLong extrapolated = new AtomicLong();

  public PredictorLatencyModel(LatencyPredictor predictor) {
    this(predictor, 1);
  }

  /**
   * @param batchSize images per forward pass of this device class (the batch its predictor was trained on)
   */
  public PredictorLatencyModel(LatencyPredictor predictor, int batchSize) {
    if (predictor == null) {
      throw new IllegalArgumentException("a predictor latency model needs a predictor");
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
    }
    this.predictor = predictor;
    this.batchSize = batchSize;
    this.batchable = usesDefaultInvocation(predictor.getClass());
  }

  public LatencyPredictor predictor() {
    return predictor;
  }

  @Override
  public int batchSize() {
    return batchSize;
  }

  /** Layer latencies predicted so far. */
  public long layerPredictions() {
    return layerPredictions.get();
  }

  /** How many of them lay outside the predictor's training domain (treat results built on them with suspicion). */
  public long extrapolatedPredictions() {
    return extrapolated.get();
  }

  @Override
  public double blocksMs(NetworkPlan plan, int firstBlock, int lastBlock) {
    BlockLatencyModel.checkRange(plan, firstBlock, lastBlock);
    Prediction p = predictor.predictBlocks(plan, firstBlock, lastBlock, batchSize);
    int layers = 0;
    for (int b = firstBlock; b <= lastBlock; b++) {
      layers += plan.block(b).layers().size();
    }
    layerPredictions.addAndGet(layers);
    if (p.extrapolated()) {
      extrapolated.incrementAndGet();
    }
    return p.latencyMs();
  }

  @Override
  public double[] headsMs(NetworkPlan plan) {
    if (!batchable) {
      return BlockLatencyModel.super.headsMs(plan);
    }
    BlockSums sums = blockSums(plan);
    int blocks = plan.blockCount();
    double[] out = new double[blocks + 1];
    double sumMs = 0;
    int layers = 0;
    for (int c = 0; c <= blocks; c++) {
      if (c > 0) {
        sumMs += sums.ms[c - 1];
        layers += sums.layers[c - 1];
      }
      out[c] = sumMs + predictor.overhead().overheadMs(sums.features.subList(0, layers), sumMs);
    }
    return out;
  }

  @Override
  public double[] tailsMs(NetworkPlan plan) {
    if (!batchable) {
      return BlockLatencyModel.super.tailsMs(plan);
    }
    BlockSums sums = blockSums(plan);
    int blocks = plan.blockCount();
    double[] out = new double[blocks + 1];
    double sumMs = 0;
    int layers = 0;
    int total = sums.features.size();
    for (int c = blocks; c >= 0; c--) {
      if (c < blocks) {
        sumMs += sums.ms[c];
        layers += sums.layers[c];
      }
      out[c] = sumMs + predictor.overhead().overheadMs(sums.features.subList(total - layers, total), sumMs);
    }
    return out;
  }

  /** Per block its layer sum and layer count, and the layers' features in order (byte overhead terms need them). */
  private record BlockSums(double[] ms, int[] layers, List<LayerFeatures> features) {}

  /** Per block (0-based) the sum of its layer predictions and its layer count, from one batched call. */
  private BlockSums blockSums(NetworkPlan plan) {
    List<LayerFeatures> features = new ArrayList<>();
    int[] layers = new int[plan.blockCount()];
    for (int b = 1; b <= plan.blockCount(); b++) {
      for (LayerDescriptor layer : plan.block(b).layers()) {
        features.add(LayerFeatures.of(layer, batchSize));
      }
      layers[b - 1] = plan.block(b).layers().size();
    }
    List<Prediction> predictions = predictor.predictEach(features);
    if (predictions.size() != features.size()) {
      throw new IllegalStateException("predictor of '" + predictor.deviceClass() + "' returned " + predictions.size()
          + " predictions for " + features.size() + " layers");
    }
    layerPredictions.addAndGet(features.size());
    double[] ms = new double[plan.blockCount()];
    int i = 0;
    for (int b = 0; b < layers.length; b++) {
      for (int k = 0; k < layers[b]; k++, i++) {
        Prediction p = predictions.get(i);
        ms[b] += p.latencyMs();
        if (p.extrapolated()) {
          extrapolated.incrementAndGet();
        }
      }
    }
    return new BlockSums(ms, layers, List.copyOf(features));
  }

  /** True when neither the invocation arithmetic nor the block ranges are overridden. */
  private static boolean usesDefaultInvocation(Class<?> type) {
    try {
      return type.getMethod("predictInvocation", List.class).getDeclaringClass() == LatencyPredictor.class
          && type.getMethod("predictBlocks", NetworkPlan.class, int.class, int.class, int.class)
              .getDeclaringClass() == LatencyPredictor.class
          && type.getMethod("predictBlocks", NetworkPlan.class, int.class, int.class)
              .getDeclaringClass() == LatencyPredictor.class;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }
}
