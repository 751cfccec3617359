package io.jointcs.splitinference;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;

/**
 * The device side of the emulated link. A request waits rtt/2 before its first byte, then goes out
 * in chunks of at most {@code chunkBytes}, each written only after the token bucket granted it (so
 * a chunk reaches the socket when the emulated link would have finished serializing it); after the
 * reply arrived the device waits the other rtt/2. One message at a time.
 */
public final class EmulatedUplink {
  /** About one Ethernet MTU: the granularity at which bytes leave the shaper. */
  public static final int DEFAULT_CHUNK_BYTES = 1500;
  /** Lateness the bucket absorbs: a wake-up up to this late is made up on the following chunks. */
  static final double LATE_WAKEUP_TOLERANCE_MS = 10.0;

  private final LinkEmulation link;
  private final int chunkBytes;
  /** null when the uplink is unshaped */
  private final TokenBucket bucket;

  public EmulatedUplink(LinkEmulation link) {
    this(link, DEFAULT_CHUNK_BYTES);
  }

  public EmulatedUplink(LinkEmulation link, int chunkBytes) {
    if (chunkBytes < 1) {
      throw new IllegalArgumentException("chunk size must be >= 1 byte, got " + chunkBytes);
    }
    this.link = link;
    this.chunkBytes = chunkBytes;
    this.bucket = link.shaped() ? new TokenBucket(link.uplinkBytesPerSec(), burstBytes(link, chunkBytes)) : null;
  }

  /** One chunk, or the bytes of the late-wake-up tolerance at this rate when that is more. */
  static long burstBytes(LinkEmulation link, int chunkBytes) {
    return Math.max(chunkBytes, Math.round(link.uplinkBytesPerSec() * LATE_WAKEUP_TOLERANCE_MS / 1e3));
  }

  /**
   * Sends one message: rtt/2 of propagation, then the bytes at the shaped rate; returns once the
   * last byte is written and flushed.
   */
  public synchronized void send(OutputStream out, byte[] message) throws IOException {
    PreciseSleep.forMillis(link.rttMs() / 2);
    if (bucket == null) {
      out.write(message);
      out.flush();
      return;
    }
    bucket.drainCredit();
    for (int offset = 0; offset < message.length; offset += chunkBytes) {
      int length = Math.min(chunkBytes, message.length - offset);
      bucket.acquire(length);
      out.write(message, offset, length);
    }
    out.flush();
  }

  /** The reply's propagation back: rtt/2. */
  public void receiveDelay() throws InterruptedIOException {
    PreciseSleep.forMillis(link.rttMs() / 2);
  }

  public LinkEmulation link() {
    return link;
  }

  public int chunkBytes() {
    return chunkBytes;
  }
}
