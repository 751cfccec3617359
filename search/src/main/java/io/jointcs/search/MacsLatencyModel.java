package io.jointcs.search;

import io.jointcs.model.BlockDescriptor;
import io.jointcs.model.NetworkPlan;

/**
 * An analytic latency model: time proportional to multiply-accumulates, plus a cost per layer and per invocation.
 * A roofline-style stand-in where no learned predictor exists yet (tests, what-if studies); it is labelled as
 * analytic wherever a result built on it is reported.
 *
 * @param msPerMegaMac milliseconds per million MACs (the inverse of the sustained MAC rate)
 * @param perLayerMs fixed cost of each layer (kernel launch, memory traffic not captured by MACs)
 * @param invocationMs fixed cost of every non-empty invocation
 */
public record MacsLatencyModel(double msPerMegaMac, double perLayerMs, double invocationMs)
    implements BlockLatencyModel {

  public MacsLatencyModel {
    if (!(msPerMegaMac > 0) || !Double.isFinite(msPerMegaMac)) {
      throw new IllegalArgumentException("msPerMegaMac must be finite and > 0, got " + msPerMegaMac);
    }
    if (!(perLayerMs >= 0) || !Double.isFinite(perLayerMs) || !(invocationMs >= 0) || !Double.isFinite(invocationMs)) {
      throw new IllegalArgumentException("per-layer and invocation costs must be finite and >= 0, got "
          + perLayerMs + " and " + invocationMs);
    }
  }

  /** Pure MAC proportionality: {@code megaMacsPerSec} million MACs per second. */
  public static MacsLatencyModel ofThroughput(double megaMacsPerSec) {
    return new MacsLatencyModel(1000.0 / megaMacsPerSec, 0, 0);
  }

  @Override
  public double blocksMs(NetworkPlan plan, int firstBlock, int lastBlock) {
    BlockLatencyModel.checkRange(plan, firstBlock, lastBlock);
    long macs = 0;
    int layers = 0;
    for (int b = firstBlock; b <= lastBlock; b++) {
      BlockDescriptor block = plan.block(b);
      macs += block.macs();
      layers += block.layers().size();
    }
    if (layers == 0) {
      return 0;
    }
    return invocationMs + perLayerMs * layers + msPerMegaMac * macs / 1e6;
  }
}
