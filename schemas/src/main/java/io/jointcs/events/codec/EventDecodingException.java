package io.jointcs.events.codec;

import io.jointcs.events.RejectionReason;
import java.util.Objects;

/**
 * Bytes that are not a readable event of the expected type. Checked on purpose: input from devices
 * and other services is untrusted, so every caller decides what happens to a bad record.
 */
public final class EventDecodingException extends Exception {
  private static final long serialVersionUID = 1L;

  /** What is wrong with the bytes; the same names as {@link RejectionReason} so rejections can carry them. */
  public enum Reason {
    /** No bytes at all. */
    EMPTY,
    /** Binary data that is truncated, has a bad header or does not match its writer schema. */
    CORRUPT,
    /** A single-object header whose schema fingerprint is no known version of any event. */
    UNKNOWN_SCHEMA,
    /** A valid event, but of another type than the one expected. */
    WRONG_TYPE,
    /** Text that is not a single well-formed JSON object in UTF-8. */
    MALFORMED_JSON,
    /** Well-formed JSON that is not the Avro JSON encoding of any known version of the expected type. */
    JSON_SCHEMA_MISMATCH;

    /** The rejection reason recorded in {@code RejectedTelemetry}. */
    public RejectionReason toRejectionReason() {
      return RejectionReason.valueOf(name());
    }
  }

  private final Reason reason;

  public EventDecodingException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public EventDecodingException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }
}
