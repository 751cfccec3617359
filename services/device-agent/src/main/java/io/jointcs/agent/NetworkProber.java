package io.jointcs.agent;

import io.jointcs.splitinference.EdgeClient;
import io.jointcs.splitinference.LinkEmulation;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * Measures the uplink to the edge through the same emulated link split inference uses: probe frames (answered by
 * the edge at once, without the model) of two sizes go out through an {@link EdgeClient} with the current link
 * setting; the small one's round trip is the rtt, the difference in size over the difference in time is the
 * bandwidth. Of a few pairs (after one untimed warm-up probe) the fastest round trip of each size counts:
 * scheduling and GC delays on a busy device only ever add time, so the minimum is the least disturbed value.
 */
final class NetworkProber {
  /** The probe frame's header (magic, request id, length) that even an empty probe sends. */
  static final int PROBE_HEADER_BYTES = 16;

  private final int probeBytes;
  private final int pairs;

  NetworkProber(int probeBytes, int pairs) {
    if (probeBytes < 1 || pairs < 1) {
      throw new IllegalArgumentException("probe bytes and pairs must be >= 1, got " + probeBytes + ", " + pairs);
    }
    this.probeBytes = probeBytes;
    this.pairs = pairs;
  }

  /**
   * One measurement; empty when the two sizes cannot be told apart in time (a link so fast that the probe's
   * serialization drowns in timer noise, e.g. unshaped loopback).
   */
  Optional<UplinkMeasurement> measure(InetSocketAddress edge, LinkEmulation link) throws IOException {
    long[] small = new long[pairs];
    long[] large = new long[pairs];
    try (EdgeClient client = EdgeClient.connect(edge, link, Duration.ofSeconds(5), Duration.ofSeconds(60))) {
      client.probe(0); // warm-up: connection, JIT, first-packet costs
      for (int i = 0; i < pairs; i++) {
        small[i] = client.probe(0).roundTripNanos();
        large[i] = client.probe(probeBytes).roundTripNanos();
      }
    }
    double smallNanos = Arrays.stream(small).min().orElseThrow();
    double largeNanos = Arrays.stream(large).min().orElseThrow();
    if (largeNanos <= smallNanos) {
      return Optional.empty();
    }
    double bytesPerSec = probeBytes * 1e9 / (largeNanos - smallNanos);
    double rttMs = Math.max(0, smallNanos / 1e6 - PROBE_HEADER_BYTES * 1e3 / bytesPerSec);
    return Optional.of(new UplinkMeasurement(bytesPerSec, rttMs, PROBE_HEADER_BYTES + probeBytes, link,
        edge.getHostString() + ":" + edge.getPort()));
  }
}
