package io.jointcs.orchestration;

import io.jointcs.events.SearchEvent;

/** Where a search's new events go: jointcs.search.events in the service, a list in unit tests. */
@FunctionalInterface
public interface EventSink {

  /** Publishes the event and returns once the broker acknowledged it (acks=all); throws when it did not. */
  void publish(SearchEvent event);
}
