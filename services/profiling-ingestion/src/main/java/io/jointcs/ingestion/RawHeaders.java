package io.jointcs.ingestion;

import io.jointcs.events.TelemetrySource;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Headers the HTTP endpoint puts on the raw records it writes, so the one validation path knows they came over
 * HTTP and when. Records without them came from a device's Kafka producer.
 */
final class RawHeaders {
  /** {@code HTTP}: the record came through POST /telemetry. */
  static final String SOURCE = "jointcs.source";
  /** Platform clock at HTTP arrival, decimal epoch ms. */
  static final String RECEIVED_AT = "jointcs.received-at-epoch-ms";

  private RawHeaders() {}

  static Headers http(long receivedAtEpochMs) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(SOURCE, TelemetrySource.HTTP.name().getBytes(StandardCharsets.UTF_8));
    headers.add(RECEIVED_AT, Long.toString(receivedAtEpochMs).getBytes(StandardCharsets.UTF_8));
    return headers;
  }

  static TelemetrySource source(Headers headers) {
    Header h = headers.lastHeader(SOURCE);
    return h != null && TelemetrySource.HTTP.name().equals(new String(h.value(), StandardCharsets.UTF_8))
        ? TelemetrySource.HTTP : TelemetrySource.KAFKA;
  }

  /** The HTTP arrival time, or {@code fallback} (the record timestamp) when absent or unreadable. */
  static long receivedAt(Headers headers, long fallback) {
    Header h = headers.lastHeader(RECEIVED_AT);
    if (h == null) {
      return fallback;
    }
    try {
      return Long.parseLong(new String(h.value(), StandardCharsets.UTF_8));
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
