package io.jointcs.events.codec;

import io.jointcs.events.codec.EventDecodingException.Reason;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Result of decoding untrusted bytes: the event, or why it could not be read together with the
 * original bytes, so a consumer can route a bad record to a rejected topic instead of dying on it.
 *
 * @param <T> the expected event type
 */
public sealed interface Decoded<T> permits Decoded.Ok, Decoded.Failed {

  static <T> Decoded<T> ok(T value) {
    return new Ok<>(value);
  }

  static <T> Decoded<T> failed(EventDecodingException error, byte[] originalBytes) {
    return new Failed<>(error.reason(), error.getMessage(), originalBytes);
  }

  boolean isOk();

  /** The event, or empty when decoding failed. */
  Optional<T> asOptional();

  /** The failure, or empty when decoding succeeded. */
  Optional<Failed<T>> failure();

  /** The event, or the decoding failure as an exception. */
  T orElseThrow() throws EventDecodingException;

  /** A decoded event. */
  record Ok<T>(T value) implements Decoded<T> {
    public Ok {
      Objects.requireNonNull(value, "value");
    }

    @Override
    public boolean isOk() {
      return true;
    }

    @Override
    public Optional<T> asOptional() {
      return Optional.of(value);
    }

    @Override
    public Optional<Failed<T>> failure() {
      return Optional.empty();
    }

    @Override
    public T orElseThrow() {
      return value;
    }
  }

  /**
   * Bytes that could not be decoded.
   *
   * @param reason what is wrong
   * @param message explanation naming the problem
   * @param originalBytes the bytes exactly as received (copied in and out: the value is immutable)
   */
  record Failed<T>(Reason reason, String message, byte[] originalBytes) implements Decoded<T> {
    public Failed {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
      originalBytes = originalBytes == null ? new byte[0] : originalBytes.clone();
    }

    @Override
    public byte[] originalBytes() {
      return originalBytes.clone();
    }

    @Override
    public boolean isOk() {
      return false;
    }

    @Override
    public Optional<T> asOptional() {
      return Optional.empty();
    }

    @Override
    public Optional<Failed<T>> failure() {
      return Optional.of(this);
    }

    @Override
    public T orElseThrow() throws EventDecodingException {
      throw new EventDecodingException(reason, message);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Failed<?> that
          && reason == that.reason
          && message.equals(that.message)
          && Arrays.equals(originalBytes, that.originalBytes);
    }

    @Override
    public int hashCode() {
      return Objects.hash(reason, message, Arrays.hashCode(originalBytes));
    }

    @Override
    public String toString() {
      return "Failed[" + reason + ": " + message + " (" + originalBytes.length + " bytes)]";
    }
  }
}
