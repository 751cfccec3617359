package io.jointcs.orchestration;

/** Something a search needs is not available now (a predictor version, the base artifact): retrying may succeed. */
public final class UnavailableException extends RuntimeException {
  public UnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
