package io.jointcs.latency.prediction;

import io.jointcs.model.LayerDescriptor;
import io.jointcs.model.NetworkPlan;
import java.util.ArrayList;
import java.util.List;

/**
 * P_d of the objective: predicts layer latencies on one device class, and sums them to the latency of a whole
 * network or of the head (blocks 1..c) or tail (c+1..B) of a split, adding the runtime's invocation overhead
 * once per invocation. Implementations are immutable and thread-safe.
 */
public interface LatencyPredictor {

  String deviceClass();

  PredictorKind kind();

  /** The feature extraction the predictor was trained with. */
  FeatureSet featureSet();

  /** What the predictor was trained on: queries outside it are flagged as extrapolated. */
  TrainingDomain domain();

  InvocationOverhead overhead();

  /** The same predictor with another invocation overhead. */
  LatencyPredictor withOverhead(InvocationOverhead overhead);

  /** Latency of one layer; an error if the predictor cannot predict its kind at all. */
  Prediction predict(LayerFeatures layer);

  /** Latencies of many layers, in order; implementations may batch the work. */
  default List<Prediction> predictEach(List<LayerFeatures> layers) {
    List<Prediction> out = new ArrayList<>(layers.size());
    for (LayerFeatures layer : layers) {
      out.add(predict(layer));
    }
    return out;
  }

  /** Latency of running {@code layers} as one invocation: their sum plus the invocation overhead. */
  default Prediction predictInvocation(List<LayerFeatures> layers) {
    List<Prediction> each = predictEach(layers);
    double sumMs = 0;
    int flagged = 0;
    String firstDetail = "";
    for (Prediction p : each) {
      sumMs += p.latencyMs();
      if (p.extrapolated()) {
        if (flagged++ == 0) {
          firstDetail = p.detail();
        }
      }
    }
    double totalMs = sumMs + overhead().overheadMs(layers, sumMs);
    String detail = flagged == 0 ? "" : flagged + " of " + layers.size() + " layers extrapolated, first: "
        + firstDetail;
    return new Prediction(totalMs, flagged > 0, detail);
  }

  /** Latency of the whole network for one image. */
  default Prediction predictNetwork(NetworkPlan plan) {
    return predictNetwork(plan, 1);
  }

  default Prediction predictNetwork(NetworkPlan plan, int batchSize) {
    return predictBlocks(plan, 1, plan.blockCount(), batchSize);
  }

  /**
   * Latency of blocks {@code fromBlock..toBlock} (1-based, inclusive) run as one invocation, for one image: the
   * head of cut c is (1, c), the tail (c + 1, B). An empty range (from = to + 1) costs 0.
   */
  default Prediction predictBlocks(NetworkPlan plan, int fromBlock, int toBlock) {
    return predictBlocks(plan, fromBlock, toBlock, 1);
  }

  default Prediction predictBlocks(NetworkPlan plan, int fromBlock, int toBlock, int batchSize) {
    if (fromBlock < 1 || toBlock > plan.blockCount() || fromBlock > toBlock + 1) {
      throw new IllegalArgumentException("block range " + fromBlock + ".." + toBlock + " is not within 1.."
          + plan.blockCount() + " (an empty range is from = to + 1)");
    }
    List<LayerFeatures> layers = new ArrayList<>();
    for (int b = fromBlock; b <= toBlock; b++) {
      for (LayerDescriptor layer : plan.block(b).layers()) {
        layers.add(LayerFeatures.of(layer, batchSize));
      }
    }
    return predictInvocation(layers);
  }
}
