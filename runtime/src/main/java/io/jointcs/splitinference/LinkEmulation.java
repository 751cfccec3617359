package io.jointcs.splitinference;

import java.util.Locale;

/**
 * The emulated network between device and edge, as the latency model sees it: an uplink shaped to
 * {@code uplinkBytesPerSec} and a round-trip time. The device pays rtt/2 before a request's first
 * byte and rtt/2 after the reply arrived, which end to end equals propagation delay both ways. The
 * downlink (class scores, a few bytes) is not shaped.
 *
 * @param uplinkBytesPerSec shaped uplink rate, > 0; +infinity for no shaping
 * @param rttMs round-trip time in ms, >= 0
 */
public record LinkEmulation(double uplinkBytesPerSec, double rttMs) {

  public LinkEmulation {
    if (!(uplinkBytesPerSec > 0)) {
      throw new IllegalArgumentException("uplink bandwidth must be > 0 bytes/s, got " + uplinkBytesPerSec);
    }
    if (!(rttMs >= 0) || !Double.isFinite(rttMs)) {
      throw new IllegalArgumentException("rtt must be finite and >= 0 ms, got " + rttMs);
    }
  }

  /** From operator text, e.g. {@code parse("10Mbit", "20ms")}; see {@link LinkUnits} for the forms. */
  public static LinkEmulation parse(String bandwidth, String rtt) {
    return new LinkEmulation(LinkUnits.parseBandwidthBytesPerSec(bandwidth), LinkUnits.parseDurationMs(rtt));
  }

  /** Loopback as it is: no shaping, no added delay. */
  public static LinkEmulation unshaped() {
    return new LinkEmulation(Double.POSITIVE_INFINITY, 0);
  }

  public boolean shaped() {
    return Double.isFinite(uplinkBytesPerSec);
  }

  /** Serialization time of {@code bytes} on the uplink, in ms (0 when unshaped). */
  public double serializationMs(long bytes) {
    return shaped() ? bytes * 1e3 / uplinkBytesPerSec : 0;
  }

  /** Emulates the uplink the latency model describes. */
  public static LinkEmulation of(io.jointcs.segmentation.NetworkCondition condition) {
    return new LinkEmulation(condition.uplinkBytesPerSec(), condition.rttMs());
  }

  /** The latency model's transfer term (bytes / bandwidth + rtt, ms); an unshaped link pays only the rtt. */
  public double predictedTransferMs(long bytes) {
    return shaped() ? new io.jointcs.segmentation.NetworkCondition(uplinkBytesPerSec, rttMs).transferMs(bytes)
        : rttMs;
  }

  @Override
  public String toString() {
    return LinkUnits.formatBandwidth(uplinkBytesPerSec) + " uplink, rtt " + String.format(Locale.ROOT, "%.3g", rttMs)
        + " ms";
  }
}
