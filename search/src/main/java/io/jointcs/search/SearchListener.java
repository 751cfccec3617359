package io.jointcs.search;

/** Observes a running search; the orchestration service turns these calls into state events. */
public interface SearchListener {

  SearchListener NONE = (entry, beamRank) -> {};

  /** A state was accepted (every beam member of every step, the initial model first). */
  void accepted(SeriesEntry entry, int beamRank);

  /** An iteration begins: the candidates of every beam state must meet their own tau. */
  default void stepStarted(int step, double stepFraction, int beamSize) {}

  /** Candidates were generated and are about to be evaluated. */
  default void candidatesGenerated(int step, int candidates) {}

  /** The search ended (normally or not). */
  default void finished(SearchResult result) {}
}
