package io.jointcs.orchestration;

import io.jointcs.events.SearchOutcome;

/**
 * Ends a running search early but normally (a budget is spent, or the accuracy floor is reached): the states
 * accepted so far are its series.
 */
public final class SearchStopped extends RuntimeException {
  private final SearchOutcome outcome;

  public SearchStopped(SearchOutcome outcome, String message) {
    super(message);
    this.outcome = outcome;
  }

  public SearchOutcome outcome() {
    return outcome;
  }
}
