package io.jointcs.splitinference;

import java.io.InterruptedIOException;

/**
 * EMULATED device speed: stretches the device's own compute (the head) by a factor, by sleeping
 * after it, so that one machine can stand in for a slower device next to a faster edge. A factor
 * of 1 is the real machine. Every report that uses a factor above 1 must say it is emulated.
 *
 * @param factor head compute time is multiplied by this, >= 1
 */
public record DeviceSlowdown(double factor) {
  public static final DeviceSlowdown NONE = new DeviceSlowdown(1.0);

  public DeviceSlowdown {
    if (!Double.isFinite(factor) || factor < 1) {
      throw new IllegalArgumentException("device slowdown factor must be finite and >= 1, got " + factor);
    }
  }

  public boolean emulated() {
    return factor > 1;
  }

  /** Waits until {@code factor} times the compute that began at {@code startNanos} has passed. */
  void stretch(long startNanos) throws InterruptedIOException {
    if (emulated()) {
      long computed = System.nanoTime() - startNanos;
      PreciseSleep.until(startNanos + (long) (computed * factor));
    }
  }
}
