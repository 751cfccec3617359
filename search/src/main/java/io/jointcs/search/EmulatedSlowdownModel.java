package io.jointcs.search;

import io.jointcs.model.NetworkPlan;

/**
 * EMULATED device speed: another latency model's predictions stretched by a factor, the predicted counterpart of
 * the runtime's {@code DeviceSlowdown} (which sleeps after the head's compute by the same factor). One machine has
 * one kind of CPU; this stands in for a slower device next to a faster edge, and every result built on it must
 * say it is emulated.
 *
 * @param measured the latency model of the real configuration (e.g. the cpu-1t predictor)
 * @param factor compute time is multiplied by this, &gt;= 1
 */
public record EmulatedSlowdownModel(BlockLatencyModel measured, double factor) implements BlockLatencyModel {

  public EmulatedSlowdownModel {
    if (measured == null) {
      throw new IllegalArgumentException("an emulated slowdown needs the latency model it stretches");
    }
    if (!Double.isFinite(factor) || factor < 1) {
      throw new IllegalArgumentException("emulated slowdown factor must be finite and >= 1, got " + factor);
    }
  }

  @Override
  public double blocksMs(NetworkPlan plan, int firstBlock, int lastBlock) {
    return factor * measured.blocksMs(plan, firstBlock, lastBlock);
  }

  @Override
  public double[] headsMs(NetworkPlan plan) {
    return scaled(measured.headsMs(plan));
  }

  @Override
  public double[] tailsMs(NetworkPlan plan) {
    return scaled(measured.tailsMs(plan));
  }

  @Override
  public int batchSize() {
    return measured.batchSize();
  }

  private double[] scaled(double[] ms) {
    double[] out = ms.clone();
    for (int i = 0; i < out.length; i++) {
      out[i] *= factor;
    }
    return out;
  }
}
