package io.jointcs.search;

/**
 * The uplink of a target, as the objective uses it: sending b bytes takes b / uplinkBytesPerSec + rttMs.
 * Mirrors the latency module's network condition so that the search depends on nothing but the model library.
 *
 * @param name label used in reports, e.g. {@code wifi-20mbps}
 * @param uplinkBytesPerSec effective uplink bandwidth, bytes per second; finite and &gt; 0
 * @param rttMs round-trip time added to every transfer, ms; finite and &gt;= 0
 */
public record NetworkLink(String name, double uplinkBytesPerSec, double rttMs) {

  public NetworkLink {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a network link needs a name");
    }
    if (!Double.isFinite(uplinkBytesPerSec) || uplinkBytesPerSec <= 0) {
      throw new IllegalArgumentException("link '" + name + "': uplinkBytesPerSec must be finite and > 0, got "
          + uplinkBytesPerSec);
    }
    if (!Double.isFinite(rttMs) || rttMs < 0) {
      throw new IllegalArgumentException("link '" + name + "': rttMs must be finite and >= 0, got " + rttMs);
    }
  }

  /** A link quoted in megabits per second. */
  public static NetworkLink ofMbps(String name, double uplinkMbps, double rttMs) {
    return new NetworkLink(name, uplinkMbps * 1e6 / 8, rttMs);
  }

  /** Time to send {@code bytes} and hear back, ms. */
  public double transferMs(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("bytes must be >= 0, got " + bytes);
    }
    return bytes / uplinkBytesPerSec * 1000.0 + rttMs;
  }
}
