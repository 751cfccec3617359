package io.jointcs.agent;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition with a timeout, checking it every 50 ms. */
final class Poll {
  private Poll() {}

  static void until(Duration timeout, String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
      }
      Thread.sleep(50);
    }
  }
}
