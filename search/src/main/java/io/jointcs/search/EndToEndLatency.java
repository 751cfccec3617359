package io.jointcs.search;

import io.jointcs.model.NetworkPlan;
import io.jointcs.segmentation.CutQuantization;
import java.util.ArrayList;
import java.util.List;

/**
 * The objective of DESIGN section 2 for one target:
 * T(M, c) = sum_{blocks 1..c} P_d + [c &lt; B] (bytes(c) / bandwidth + rtt) + sum_{blocks c+1..B} P_e.
 * For a device class that runs batches ({@link BlockLatencyModel#batchSize()} &gt; 1) T is the latency of one
 * request of that many images, and bytes(c) counts all of them.
 */
public final class EndToEndLatency {
  private EndToEndLatency() {}

  /** T(M, c) for every c in 0..B; asks each latency model once (heads of the device, tails of the edge). */
  public static List<TargetCut> allCuts(NetworkPlan plan, Target target, CutQuantization quantization) {
    int blocks = plan.blockCount();
    double[] heads = checked(target.device().headsMs(plan), plan, target, target.spec().deviceClass(), "head");
    double[] tails = checked(target.edge().tailsMs(plan), plan, target, target.spec().edgeClass(), "tail");
    List<TargetCut> out = new ArrayList<>(blocks + 1);
    for (int c = 0; c <= blocks; c++) {
      // a batched device sends the cut tensors of all its images in one request
      long bytes = c < blocks ? plan.cutBytes(c, quantization.bits()) * target.device().batchSize() : 0;
      double transferMs = c < blocks ? target.spec().network().transferMs(bytes) : 0;
      out.add(TargetCut.of(target.name(), c, heads[c], transferMs, tails[c], bytes));
    }
    return out;
  }

  /** c* = argmin_c T(M, c) by enumeration; ties go to the earlier cut (less on the device). */
  public static TargetCut bestCut(NetworkPlan plan, Target target, CutQuantization quantization) {
    TargetCut best = null;
    for (TargetCut cut : allCuts(plan, target, quantization)) {
      if (best == null || cut.latencyMs() < best.latencyMs()) {
        best = cut;
      }
    }
    return best;
  }

  /** T(M, c) under a cut policy: the best cut, or c = B. */
  public static TargetCut cut(NetworkPlan plan, Target target, CutQuantization quantization, CutPolicy policy) {
    return policy == CutPolicy.BEST_CUT
        ? bestCut(plan, target, quantization)
        : allCuts(plan, target, quantization).get(plan.blockCount());
  }

  private static double[] checked(double[] latencies, NetworkPlan plan, Target target, String deviceClass,
      String part) {
    if (latencies.length != plan.blockCount() + 1) {
      throw new IllegalStateException("latency model of '" + deviceClass + "' (target '" + target.name() + "') gave "
          + latencies.length + " " + part + " latencies for " + (plan.blockCount() + 1) + " cut points");
    }
    for (int c = 0; c < latencies.length; c++) {
      if (!Double.isFinite(latencies[c]) || latencies[c] < 0) {
        throw new IllegalStateException("latency model of '" + deviceClass + "' (target '" + target.name()
            + "') predicted " + latencies[c] + " ms for the " + part + " of cut " + c + " of "
            + plan.spec().architecture().id());
      }
    }
    return latencies;
  }
}
