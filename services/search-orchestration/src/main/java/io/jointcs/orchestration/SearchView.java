package io.jointcs.orchestration;

import io.jointcs.events.ArtifactRef;
import io.jointcs.events.CandidateProposal;
import io.jointcs.events.CandidatesProposed;
import io.jointcs.events.ChannelGroupWidth;
import io.jointcs.events.Placement;
import io.jointcs.events.SearchCompleted;
import io.jointcs.events.SearchEvent;
import io.jointcs.events.SearchFailed;
import io.jointcs.events.SearchRequest;
import io.jointcs.events.SearchStarted;
import io.jointcs.events.StateAccepted;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of one search as the fold of its events in sequence order: what GET /searches shows, what the planner
 * takes a completed search's series from, and the stored history a restarted search is replayed against. An event
 * whose sequence number was already applied is ignored (the service applies its own events when it publishes them
 * and sees them again on the topic); a gap is refused.
 */
public final class SearchView {

  public enum Status { RUNNING, COMPLETED, FAILED }

  /**
   * One accepted state, with its final fine-tune when it got one.
   *
   * @param id candidate id on the wire ({@code <searchId>/s0} for the base state)
   * @param parentId the state it derives from, null for the base state
   * @param normalizedLatency the worst target's predicted latency / goal (&lt;= 1: the goal is met)
   */
  public record State(String id, String parentId, int step, int beamRank, List<ChannelGroupWidth> widths,
      double accuracy, ArtifactRef artifact, Double finalAccuracy, ArtifactRef finalArtifact,
      List<Placement> placements, double normalizedLatency) {

    public double reportedAccuracy() {
      return finalAccuracy != null ? finalAccuracy : accuracy;
    }

    /** The weights to deploy: after the final fine-tune when there was one. */
    public ArtifactRef deployedArtifact() {
      return finalArtifact != null ? finalArtifact : artifact;
    }

    public boolean meetsGoal() {
      return normalizedLatency <= 1.0;
    }

    State withFinal(double accuracy, ArtifactRef artifact) {
      return new State(id, parentId, step, beamRank, widths, this.accuracy, this.artifact, accuracy, artifact,
          placements, normalizedLatency);
    }
  }

  private final String searchId;
  private final List<SearchEvent> events = new ArrayList<>();
  private final Map<String, String> parents = new HashMap<>();
  private final Map<String, State> states = new LinkedHashMap<>();
  private SearchStarted started;
  private long startedAtEpochMs;
  private int step;
  private int candidatesProposed;
  private SearchCompleted completed;
  private SearchFailed failed;

  public SearchView(String searchId) {
    this.searchId = searchId;
  }

  /**
   * Applies the next event of the search.
   *
   * @return false when the event was applied before (ignored)
   * @throws IllegalArgumentException for an event of another search or one that leaves a gap
   */
  public synchronized boolean apply(SearchEvent event) {
    if (!event.getSearchId().equals(searchId)) {
      throw new IllegalArgumentException("event of search '" + event.getSearchId() + "' applied to '" + searchId + "'");
    }
    long seq = event.getSequenceNumber();
    if (seq < events.size()) {
      return false;
    }
    if (seq > events.size()) {
      throw new IllegalArgumentException("search '" + searchId + "' expects event " + events.size() + " but got "
          + seq);
    }
    Object payload = event.getPayload();
    if (payload instanceof SearchStarted s) {
      started = s;
      startedAtEpochMs = event.getTimestampEpochMs();
    } else if (payload instanceof CandidatesProposed p) {
      step = Math.max(step, p.getStep());
      candidatesProposed += p.getCandidates().size();
      for (CandidateProposal c : p.getCandidates()) {
        parents.put(c.getCandidateId(), c.getParentCandidateId() == null ? rootId()
            : c.getParentCandidateId());
      }
    } else if (payload instanceof StateAccepted a) {
      applyAccepted(a);
    } else if (payload instanceof SearchCompleted c) {
      completed = c;
    } else if (payload instanceof SearchFailed f) {
      failed = f;
    }
    events.add(event);
    return true;
  }

  private void applyAccepted(StateAccepted a) {
    String id = a.getCandidateId() == null ? rootId() : a.getCandidateId();
    if (id.endsWith(Wire.FINAL_SUFFIX)) {
      String of = id.substring(0, id.length() - Wire.FINAL_SUFFIX.length());
      State s = states.get(of);
      if (s != null) {
        states.put(of, s.withFinal(a.getAccuracy(), a.getArtifact()));
      }
      return;
    }
    double goal = started == null ? Double.NaN : started.getRequest().getConstraints().getLatencyTargetMs();
    double worst = a.getPlacements().stream().mapToDouble(p -> p.getPredictedLatency().getTotalMs()).max()
        .orElse(Double.NaN);
    states.put(id, new State(id, a.getCandidateId() == null ? null : parents.getOrDefault(id, rootId()), a.getStep(),
        a.getBeamRank(), a.getWidths(), a.getAccuracy(), a.getArtifact(), null, null, a.getPlacements(),
        worst / goal));
  }

  private String rootId() {
    return Wire.candidateId(searchId, Wire.ROOT_ID);
  }

  public String searchId() {
    return searchId;
  }

  public synchronized Status status() {
    return failed != null ? Status.FAILED : completed != null ? Status.COMPLETED : Status.RUNNING;
  }

  public synchronized boolean finished() {
    return status() != Status.RUNNING;
  }

  /** The SearchStarted event's payload, null until it is applied. */
  public synchronized SearchStarted started() {
    return started;
  }

  public synchronized SearchRequest request() {
    return started == null ? null : started.getRequest();
  }

  public synchronized long startedAtEpochMs() {
    return startedAtEpochMs;
  }

  public synchronized int step() {
    return step;
  }

  public synchronized int candidatesProposed() {
    return candidatesProposed;
  }

  public synchronized SearchCompleted completed() {
    return completed;
  }

  public synchronized SearchFailed failed() {
    return failed;
  }

  /** Every event applied, in sequence order. */
  public synchronized List<SearchEvent> events() {
    return List.copyOf(events);
  }

  /** Every accepted state, in the order accepted. */
  public synchronized List<State> accepted() {
    return List.copyOf(states.values());
  }

  /**
   * The output series: the states from the base model to the chosen one, chosen as the search library chooses
   * (SearchResults.choose): the most accurate state meeting the goal, else the one with the lowest normalized
   * latency (ties: the more accurate, then the earlier).
   */
  public synchronized List<State> series() {
    State best = null;
    for (State s : states.values()) {
      if (s.meetsGoal() && (best == null || s.reportedAccuracy() > best.reportedAccuracy())) {
        best = s;
      }
    }
    if (best == null) {
      for (State s : states.values()) {
        if (best == null || s.normalizedLatency() < best.normalizedLatency()
            || (s.normalizedLatency() == best.normalizedLatency() && s.reportedAccuracy() > best.reportedAccuracy())) {
          best = s;
        }
      }
    }
    List<State> path = new ArrayList<>();
    for (State s = best; s != null; s = s.parentId() == null ? null : states.get(s.parentId())) {
      path.add(0, s);
    }
    return path;
  }
}
