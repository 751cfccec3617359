package io.jointcs.splitinference;

import java.io.InterruptedIOException;
import java.util.concurrent.locks.LockSupport;

/**
 * Sleeping until an absolute {@link System#nanoTime()} deadline. Callers keep absolute deadlines
 * (never "sleep d" in a loop), so a late wake-up shortens the next wait instead of adding up.
 */
final class PreciseSleep {
  private PreciseSleep() {}

  /**
   * Parks until {@code deadlineNanos}; parkNanos may return early (spuriously), so it re-parks
   * until the deadline has passed.
   *
   * @return how late it woke up, in ns (0 when the deadline had already passed)
   * @throws InterruptedIOException when the thread is interrupted (the flag stays set)
   */
  static long until(long deadlineNanos) throws InterruptedIOException {
    long now = System.nanoTime();
    if (now - deadlineNanos >= 0) {
      return 0;
    }
    while (now - deadlineNanos < 0) {
      LockSupport.parkNanos(deadlineNanos - now);
      if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedIOException("interrupted while waiting for the emulated link");
      }
      now = System.nanoTime();
    }
    return now - deadlineNanos;
  }

  /** Parks for {@code ms} from now; see {@link #until}. */
  static long forMillis(double ms) throws InterruptedIOException {
    return ms <= 0 ? 0 : until(System.nanoTime() + Math.round(ms * 1e6));
  }
}
