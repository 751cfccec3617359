package io.jointcs.search;

import io.jointcs.model.NetworkPlan;

/**
 * P_x of the objective for one device (or edge) class: the predicted latency of a contiguous run of blocks
 * executed as one invocation. Tests use analytic models ({@link MacsLatencyModel}); production wraps the learned
 * per-device-class predictors. Implementations must be deterministic and thread-safe.
 */
public interface BlockLatencyModel {

  /**
   * Predicted latency, ms, of blocks {@code firstBlock..lastBlock} (1-based, inclusive) for one image, run as one
   * invocation. The empty range ({@code firstBlock = lastBlock + 1}) costs 0.
   */
  double blocksMs(NetworkPlan plan, int firstBlock, int lastBlock);

  /**
   * Images per invocation: {@link #blocksMs} is the latency of a forward pass over this many images, and the cut
   * tensor of every one of them crosses the network. Device and edge of a target must agree on it.
   */
  default int batchSize() {
    return 1;
  }

  /**
   * Head latencies of every cut point: element c (0..B) is blocks 1..c. Override when all heads can be predicted
   * in one batch; the default asks {@link #blocksMs} once per cut.
   */
  default double[] headsMs(NetworkPlan plan) {
    double[] out = new double[plan.blockCount() + 1];
    for (int c = 0; c <= plan.blockCount(); c++) {
      out[c] = blocksMs(plan, 1, c);
    }
    return out;
  }

  /** Tail latencies of every cut point: element c (0..B) is blocks c+1..B. */
  default double[] tailsMs(NetworkPlan plan) {
    double[] out = new double[plan.blockCount() + 1];
    for (int c = 0; c <= plan.blockCount(); c++) {
      out[c] = blocksMs(plan, c + 1, plan.blockCount());
    }
    return out;
  }

  /** Rejects a block range outside the plan, as every implementation must. */
  static void checkRange(NetworkPlan plan, int firstBlock, int lastBlock) {
    if (firstBlock < 1 || lastBlock > plan.blockCount() || firstBlock > lastBlock + 1) {
      throw new IllegalArgumentException("block range " + firstBlock + ".." + lastBlock + " is not within 1.."
          + plan.blockCount() + " (an empty range is first = last + 1)");
    }
  }
}
