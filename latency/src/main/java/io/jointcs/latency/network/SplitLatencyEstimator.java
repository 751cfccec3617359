package io.jointcs.latency.network;

import io.jointcs.segmentation.NetworkCondition;

import io.jointcs.latency.prediction.LatencyPredictor;
import io.jointcs.latency.prediction.Prediction;
import io.jointcs.model.NetworkPlan;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The objective of DESIGN section 2 for one device class, edge class and network: T(M, c) for every cut point,
 * and the best cut by enumeration.
 *
 * @param cutBits 32, or 8 when the cut tensor is quantized
 */
public record SplitLatencyEstimator(LatencyPredictor device, LatencyPredictor edge, NetworkCondition network,
    int cutBits) {

  public SplitLatencyEstimator {
    if (cutBits != 32 && cutBits != 8) {
      throw new IllegalArgumentException("cut tensor bits must be 32 or 8, got " + cutBits);
    }
  }

  public SplitEstimate estimate(NetworkPlan plan, int cutPoint) {
    plan.checkCutPoint(cutPoint);
    int blocks = plan.blockCount();
    Prediction head = device.predictBlocks(plan, 1, cutPoint);
    Prediction tail = edge.predictBlocks(plan, cutPoint + 1, blocks);
    long bytes = cutPoint < blocks ? plan.cutBytes(cutPoint, cutBits) : 0;
    double transfer = cutPoint < blocks ? network.transferMs(bytes) : 0;
    return new SplitEstimate(cutPoint, head.latencyMs(), transfer, tail.latencyMs(), bytes,
        head.extrapolated() || tail.extrapolated());
  }

  /** T(M, c) for c = 0..B. */
  public List<SplitEstimate> all(NetworkPlan plan) {
    List<SplitEstimate> out = new ArrayList<>();
    for (int c = 0; c <= plan.blockCount(); c++) {
      out.add(estimate(plan, c));
    }
    return out;
  }

  /** c* = argmin_c T(M, c); ties go to the earlier cut. */
  public SplitEstimate best(NetworkPlan plan) {
    return all(plan).stream().min(Comparator.comparingDouble(SplitEstimate::totalMs)).orElseThrow();
  }
}
