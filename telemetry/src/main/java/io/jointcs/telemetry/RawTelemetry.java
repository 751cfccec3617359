package io.jointcs.telemetry;

import io.jointcs.events.KafkaPosition;
import io.jointcs.events.TelemetrySource;
import java.util.Objects;

/**
 * One telemetry record exactly as it arrived, before anything is trusted.
 *
 * @param key record key (the device id it claims), or null
 * @param bytes the value as received (Avro single-object or Avro JSON), or null for a tombstone
 * @param source how it reached the platform
 * @param receivedAtEpochMs platform clock at arrival (Kafka record timestamp or HTTP arrival). Unit: epoch ms.
 * @param position where it was read from the raw topic; null when it came over HTTP
 */
public record RawTelemetry(String key, byte[] bytes, TelemetrySource source, long receivedAtEpochMs,
    KafkaPosition position) {
  public RawTelemetry {
    Objects.requireNonNull(source, "source");
  }
}
