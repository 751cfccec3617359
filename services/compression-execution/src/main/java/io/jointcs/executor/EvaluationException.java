package io.jointcs.executor;

/**
 * A request that cannot be evaluated as asked (unknown dataset, widths that do not fit the base model, an
 * artifact that does not match its sha256 ...). Its message becomes the result's {@code error}, for a person to read.
 */
public final class EvaluationException extends Exception {
  public EvaluationException(String message) {
    super(message);
  }

  public EvaluationException(String message, Throwable cause) {
    super(message, cause);
  }
}
