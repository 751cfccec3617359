package io.jointcs.telemetry;

import java.time.Duration;

/**
 * The "sane ranges" telemetry must fall in. Defaults are generous for real devices (a layer of a CIFAR or
 * ImageNet network on a microcontroller-class CPU stays well under the latency bound) and tight enough to catch
 * unit mistakes (seconds sent as ms, bits as bytes) and garbage.
 *
 * @param maxRecordBytes largest encoded telemetry record accepted. Unit: bytes.
 * @param maxIdChars longest telemetry id, device id or device class. Unit: characters.
 * @param maxLatencyMs largest latency of one measured layer or model part. Unit: ms.
 * @param maxRepetitions most timed repetitions behind one measurement. Unit: count.
 * @param maxChannels most channels (or features) of a layer. Unit: channels.
 * @param maxSpatial largest feature-map side or kernel side. Unit: pixels.
 * @param maxBatchSize largest batch of a measurement. Unit: samples.
 * @param maxBandwidthBytesPerSec largest plausible uplink bandwidth (100 Gbit/s). Unit: bytes/s.
 * @param maxRttMs largest plausible round-trip time. Unit: ms.
 * @param maxClockAhead how far a device clock may run ahead of the platform clock.
 * @param maxAge how old a measurement may be when it arrives (older: a device clock that was never set).
 */
public record ValidationLimits(
    int maxRecordBytes,
    int maxIdChars,
    double maxLatencyMs,
    int maxRepetitions,
    int maxChannels,
    int maxSpatial,
    int maxBatchSize,
    double maxBandwidthBytesPerSec,
    double maxRttMs,
    Duration maxClockAhead,
    Duration maxAge) {

  public ValidationLimits {
    if (maxRecordBytes < 1 || maxIdChars < 1 || !(maxLatencyMs > 0) || maxRepetitions < 1 || maxChannels < 1
        || maxSpatial < 1 || maxBatchSize < 1 || !(maxBandwidthBytesPerSec > 0) || !(maxRttMs > 0)
        || maxClockAhead == null || maxClockAhead.isNegative() || maxAge == null || maxAge.isNegative()) {
      throw new IllegalArgumentException("validation limits must be positive: " + maxRecordBytes + ", " + maxIdChars
          + ", " + maxLatencyMs + ", " + maxRepetitions + ", " + maxChannels + ", " + maxSpatial + ", "
          + maxBatchSize + ", " + maxBandwidthBytesPerSec + ", " + maxRttMs + ", " + maxClockAhead + ", " + maxAge);
    }
  }

  public static ValidationLimits defaults() {
    return new ValidationLimits(64 * 1024, 128, 600_000.0, 1_000_000, 65_536, 16_384, 4_096,
        12.5e9, 60_000.0, Duration.ofHours(1), Duration.ofDays(30));
  }

  public ValidationLimits withMaxRecordBytes(int bytes) {
    return new ValidationLimits(bytes, maxIdChars, maxLatencyMs, maxRepetitions, maxChannels, maxSpatial,
        maxBatchSize, maxBandwidthBytesPerSec, maxRttMs, maxClockAhead, maxAge);
  }
}
