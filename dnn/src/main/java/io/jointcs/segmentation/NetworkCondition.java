package io.jointcs.segmentation;

/**
 * The uplink between a device and the edge server, as the objective uses it: sending b bytes takes
 * b / uplinkBytesPerSec + rttMs (the round trip covers the request going out and the answer coming back).
 *
 * @param uplinkBytesPerSec effective uplink bandwidth, bytes per second; finite and &gt; 0
 * @param rttMs round-trip time (or fixed per-transfer overhead), ms; finite and &gt;= 0
 */
public record NetworkCondition(double uplinkBytesPerSec, double rttMs) {

  public NetworkCondition {
    if (!Double.isFinite(uplinkBytesPerSec) || uplinkBytesPerSec <= 0) {
      throw new IllegalArgumentException("uplinkBytesPerSec must be finite and > 0, got " + uplinkBytesPerSec);
    }
    if (!Double.isFinite(rttMs) || rttMs < 0) {
      throw new IllegalArgumentException("rttMs must be finite and >= 0, got " + rttMs);
    }
  }

  /** A condition given in megabits per second, as links are usually quoted. */
  public static NetworkCondition ofMbps(double uplinkMbps, double rttMs) {
    return new NetworkCondition(uplinkMbps * 1e6 / 8, rttMs);
  }

  /** Time to send {@code bytes} to the edge and hear back, ms. */
  public double transferMs(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("bytes must be >= 0, got " + bytes);
    }
    return bytes / uplinkBytesPerSec * 1000.0 + rttMs;
  }
}
