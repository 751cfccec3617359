package io.jointcs.orchestration;

import io.jointcs.events.SearchCompleted;
import io.jointcs.events.SearchEvent;
import io.jointcs.events.codec.EventCodec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The event stream of one search, written by the search as it runs. A search re-run after a restart regenerates its
 * history from the start: while an event is already stored at the next sequence number, the regenerated payload is
 * compared with it and not published again (a difference is a {@link NonDeterministicReplayException}); past the
 * stored history, events are new and continue the sequence. So nothing is published twice and the sequence stays
 * contiguous.
 */
public final class SearchEventLog {
  private static final EventCodec<SearchEvent> CODEC = EventCodec.of(SearchEvent.class);

  private final String searchId;
  private final List<SearchEvent> stored;
  private final EventSink sink;
  private final LongSupplier clockEpochMs;
  private final Consumer<SearchEvent> applied;
  private long next;
  private int replayed;

  /**
   * @param stored the events of this search read back from the topic (any order; must be contiguous from 0)
   * @param applied told of every event of the history, replayed or new, in sequence order
   */
  public SearchEventLog(String searchId, List<SearchEvent> stored, EventSink sink, LongSupplier clockEpochMs,
      Consumer<SearchEvent> applied) {
    List<SearchEvent> sorted = new ArrayList<>(stored);
    sorted.sort(Comparator.comparingLong(SearchEvent::getSequenceNumber));
    for (int i = 0; i < sorted.size(); i++) {
      SearchEvent e = sorted.get(i);
      if (!e.getSearchId().equals(searchId) || e.getSequenceNumber() != i) {
        throw new IllegalArgumentException("stored events of search '" + searchId + "' are not contiguous from 0: "
            + "position " + i + " holds sequence " + e.getSequenceNumber() + " of search '" + e.getSearchId() + "'");
      }
    }
    this.searchId = searchId;
    this.stored = List.copyOf(sorted);
    this.sink = sink;
    this.clockEpochMs = clockEpochMs;
    this.applied = applied;
  }

  public String searchId() {
    return searchId;
  }

  /** True while the next event is already stored: the search is re-doing work that was done before a restart. */
  public boolean replaying() {
    return next < stored.size();
  }

  /** Sequence number the next event gets. */
  public long nextSequence() {
    return next;
  }

  /** Events of the stored history matched so far (not published again). */
  public int replayed() {
    return replayed;
  }

  /**
   * Appends a payload: compared with the stored event at this sequence number, or published.
   *
   * @return the event of the history at this sequence number (the stored one during a replay)
   */
  public synchronized SearchEvent emit(Object payload) {
    if (next < stored.size()) {
      SearchEvent old = stored.get((int) next);
      if (!samePayload(old.getPayload(), payload)) {
        throw new NonDeterministicReplayException("search '" + searchId + "' replayed event " + next
            + " differently: stored " + describe(old.getPayload()) + ", regenerated " + describe(payload)
            + "; the search cannot resume with this build, configuration or these predictors");
      }
      next++;
      replayed++;
      applied.accept(old);
      return old;
    }
    SearchEvent event = SearchEvent.newBuilder().setSearchId(searchId).setSequenceNumber(next)
        .setTimestampEpochMs(clockEpochMs.getAsLong()).setPayload(payload).build();
    sink.publish(event);
    next++;
    applied.accept(event);
    return event;
  }

  /**
   * Publishes a last event after the whole stored history (used when the replay itself failed, so the stored
   * events cannot be matched any further).
   */
  public synchronized SearchEvent appendAfterHistory(Object payload) {
    next = Math.max(next, stored.size());
    SearchEvent event = SearchEvent.newBuilder().setSearchId(searchId).setSequenceNumber(next)
        .setTimestampEpochMs(clockEpochMs.getAsLong()).setPayload(payload).build();
    sink.publish(event);
    next++;
    applied.accept(event);
    return event;
  }

  /** Equal payloads, ignoring what legitimately differs between runs (the wall time a search took). */
  static boolean samePayload(Object stored, Object regenerated) {
    if (stored instanceof SearchCompleted a && regenerated instanceof SearchCompleted b) {
      return SearchCompleted.newBuilder(a).setWallTimeMs(0).build()
          .equals(SearchCompleted.newBuilder(b).setWallTimeMs(0).build());
    }
    return stored.equals(regenerated);
  }

  private static String describe(Object payload) {
    String json = CODEC.toJson(SearchEvent.newBuilder().setSearchId("-").setSequenceNumber(0).setTimestampEpochMs(0)
        .setPayload(payload).build());
    return json.length() > 600 ? json.substring(0, 600) + "..." : json;
  }
}
