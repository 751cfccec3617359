package io.jointcs.search;

import io.jointcs.model.NetworkPlan;

/** Additive per-block latencies from a table (block b costs msPerBlock[b - 1]): easy to check by hand. */
record TableLatencyModel(double[] msPerBlock) implements BlockLatencyModel {

  @Override
  public double blocksMs(NetworkPlan plan, int firstBlock, int lastBlock) {
    BlockLatencyModel.checkRange(plan, firstBlock, lastBlock);
    double sum = 0;
    for (int b = firstBlock; b <= lastBlock; b++) {
      sum += msPerBlock[b - 1];
    }
    return sum;
  }
}
