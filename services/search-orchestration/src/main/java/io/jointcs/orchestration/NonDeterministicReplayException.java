package io.jointcs.orchestration;

/**
 * A search re-run after a restart produced an event that differs from the one stored at the same sequence number:
 * the stored history cannot be continued (changed code, configuration or predictor bytes), so the search fails
 * loudly instead of mixing two histories.
 */
public final class NonDeterministicReplayException extends RuntimeException {
  public NonDeterministicReplayException(String message) {
    super(message);
  }
}
