package io.jointcs.splitinference;

import java.io.InterruptedIOException;

/**
 * A token bucket of {@code burstBytes} filling at {@code bytesPerSec}, kept in virtual-time form:
 * instead of a token count it stores the instant at which the bucket is (or will be) empty, so
 * every wait ends at an absolute deadline. A taker may take more than the bucket holds; it then
 * waits until the debt is paid, i.e. until the bytes it takes have been serialized at the rate.
 *
 * <p>Oversleep is accounted for: a taker that woke late finds the bucket already refilled by the
 * time it overslept (up to the burst), so the next wait is shorter and the long-run rate stays
 * exact. Thread-safe: takers reserve under a lock and sleep outside it.
 */
public final class TokenBucket {
  private final double bytesPerSec;
  private final long burstBytes;
  private final double nanosPerByte;
  private final long burstNanos;
  /** nanoTime at which the bucket holds 0 tokens; tokens(now) = min(burst, (now - emptyAt) / nanosPerByte) */
  private long emptyAtNanos;

  /** A full bucket. */
  public TokenBucket(double bytesPerSec, long burstBytes) {
    if (!(bytesPerSec > 0) || !Double.isFinite(bytesPerSec)) {
      throw new IllegalArgumentException("token rate must be finite and > 0 bytes/s, got " + bytesPerSec);
    }
    if (burstBytes < 1) {
      throw new IllegalArgumentException("burst must be >= 1 byte, got " + burstBytes);
    }
    this.bytesPerSec = bytesPerSec;
    this.burstBytes = burstBytes;
    this.nanosPerByte = 1e9 / bytesPerSec;
    this.burstNanos = Math.round(burstBytes * nanosPerByte);
    this.emptyAtNanos = System.nanoTime() - burstNanos;
  }

  /**
   * Takes {@code bytes} tokens, waiting (parked) until the bucket's balance is back to >= 0.
   *
   * @return how long this call waited, in ns
   * @throws InterruptedIOException when interrupted while waiting
   */
  public long acquire(long bytes) throws InterruptedIOException {
    if (bytes < 0) {
      throw new IllegalArgumentException("cannot take " + bytes + " tokens");
    }
    long start = System.nanoTime();
    long deadline;
    synchronized (this) {
      // a bucket refills to at most the burst: credit older than burstNanos is gone
      long base = Math.max(emptyAtNanos, start - burstNanos);
      emptyAtNanos = base + Math.round(bytes * nanosPerByte);
      deadline = emptyAtNanos;
    }
    PreciseSleep.until(deadline);
    return System.nanoTime() - start;
  }

  /**
   * Drops whatever credit the bucket holds (it keeps any debt). The uplink calls this before each
   * message: a real link serializes every byte at its rate, so a message must not cross for free
   * because the link was idle before it. The latency model's bytes / bandwidth assumes the same.
   */
  public synchronized void drainCredit() {
    emptyAtNanos = Math.max(emptyAtNanos, System.nanoTime());
  }

  /** Tokens available now (negative while in debt). */
  public synchronized double availableBytes() {
    long now = System.nanoTime();
    return Math.min(burstBytes, (now - emptyAtNanos) / nanosPerByte);
  }

  public double bytesPerSec() {
    return bytesPerSec;
  }

  public long burstBytes() {
    return burstBytes;
  }
}
