package io.jointcs.search;

import io.jointcs.segmentation.NetworkCondition;

/**
 * A named uplink of a target: a {@link NetworkCondition} (which owns the transfer law
 * b / uplinkBytesPerSec + rttMs) with the label reports use.
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
    try {
      new NetworkCondition(uplinkBytesPerSec, rttMs);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("link '" + name + "': " + e.getMessage(), e);
    }
  }

  public static NetworkLink of(String name, NetworkCondition condition) {
    return new NetworkLink(name, condition.uplinkBytesPerSec(), condition.rttMs());
  }

  /** A link quoted in megabits per second. */
  public static NetworkLink ofMbps(String name, double uplinkMbps, double rttMs) {
    try {
      return of(name, NetworkCondition.ofMbps(uplinkMbps, rttMs));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("link '" + name + "': " + e.getMessage(), e);
    }
  }

  public NetworkCondition condition() {
    return new NetworkCondition(uplinkBytesPerSec, rttMs);
  }

  /** Time to send {@code bytes} and hear back, ms. */
  public double transferMs(long bytes) {
    return condition().transferMs(bytes);
  }
}
