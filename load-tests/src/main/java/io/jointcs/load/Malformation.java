package io.jointcs.load;

/**
 * The kinds of bad telemetry the generator mixes in, each of which ingestion must reject (never drop silently, never
 * turn into a sample). Every kind keeps the record's marker ({@code <run id>-<sequence>}) somewhere in its bytes, so a
 * rejection is matched to the record it came from through {@code RejectedTelemetry.originalBytes}.
 */
public enum Malformation {
  /** A valid single-object record cut short (Kafka: CORRUPT); over HTTP, a JSON record cut before its payload and
   * closed (JSON_SCHEMA_MISMATCH). */
  TRUNCATED,
  /** Bytes that are neither Avro single-object nor JSON: CORRUPT (HTTP: a non-object batch element). */
  GARBAGE,
  /** A layer latency of NaN (HTTP: +Infinity is not JSON, so NaN as Avro JSON writes it): INVALID_VALUE. */
  NON_FINITE_LATENCY,
  /** A negative layer latency: INVALID_VALUE. */
  NEGATIVE_LATENCY,
  /** A device class that is neither configured nor the device's registered one: INVALID_VALUE. */
  UNKNOWN_DEVICE_CLASS,
  /** Single-object bytes with a fingerprint of no schema (UNKNOWN_SCHEMA); over HTTP, JSON lacking fields
   * (JSON_SCHEMA_MISMATCH). */
  SCHEMA_MISMATCH;

  /** Kinds in round-robin order: bad record n is {@code values()[n % values().length]}. */
  static Malformation nth(long n) {
    Malformation[] all = values();
    return all[(int) (n % all.length)];
  }
}
