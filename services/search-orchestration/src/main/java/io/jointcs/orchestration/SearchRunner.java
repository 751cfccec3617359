package io.jointcs.orchestration;

import io.jointcs.events.ArtifactRef;
import io.jointcs.events.SearchCompleted;
import io.jointcs.events.SearchFailed;
import io.jointcs.events.SearchOutcome;
import io.jointcs.events.SearchStarted;
import io.jointcs.events.StateAccepted;
import io.jointcs.model.ModelSpec;
import io.jointcs.search.LatencyModels;
import io.jointcs.search.ProgressiveSearch;
import io.jointcs.search.SearchListener;
import io.jointcs.search.SearchResult;
import io.jointcs.search.SearchResults;
import io.jointcs.search.SeriesEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Runs one search to its end, turning it into events: SearchStarted, then per batch CandidatesProposed (by the
 * {@link DistributedEvaluator}) and per kept state StateAccepted, a StateAccepted with id suffix {@code /final} per
 * model of the final series that got the longer fine-tune, and SearchCompleted or SearchFailed. The same call
 * resumes a search after a restart: the {@link SearchEventLog} holds its stored history, the {@link ResultBoard}
 * its evaluations, and the deterministic search regenerates the history without publishing it again.
 */
public final class SearchRunner {
  private static final Logger LOG = Logger.getLogger(SearchRunner.class);

  /** What the run ended with; {@code series} is empty when it failed. */
  public record Outcome(SearchOutcome outcome, String failure, List<SeriesEntry> series, int replayedEvents) {
    public boolean failed() {
      return failure != null;
    }
  }

  private final ResultBoard board;
  private final RequestSink requests;
  private final Duration evaluationTimeout;
  private final SearchDefinition.Finalization finalization;
  private final LongSupplier clockEpochMs;

  public SearchRunner(ResultBoard board, RequestSink requests, Duration evaluationTimeout,
      SearchDefinition.Finalization finalization, LongSupplier clockEpochMs) {
    this.board = board;
    this.requests = requests;
    this.evaluationTimeout = evaluationTimeout;
    this.finalization = finalization;
    this.clockEpochMs = clockEpochMs;
  }

  /**
   * @param started the SearchStarted of the search (the stored one when resuming)
   * @param startedAtEpochMs when it was first started (budget of wall time)
   * @param baseSpec the base model's spec, read from its artifact
   * @param pinnedModels the latency models of the pinned predictor versions
   */
  public Outcome run(SearchStarted started, long startedAtEpochMs, Supplier<ModelSpec> baseSpec,
      Supplier<LatencyModels> pinnedModels, SearchEventLog log) {
    String searchId = log.searchId();
    List<SeriesEntry> accepted = new ArrayList<>();
    int[] step = {0};
    DistributedEvaluator[] used = {null};
    try {
      log.emit(started);
      ModelSpec base = baseSpec.get();
      LatencyModels models = pinnedModels.get();
      SearchDefinition definition = SearchDefinition.of(started.getRequest(), base, models, finalization);
      DistributedEvaluator evaluator = new DistributedEvaluator(started.getRequest(),
          (ArtifactRef) started.getRequest().getBaseModel(), definition.targets(), board, requests, log,
          evaluationTimeout, clockEpochMs, startedAtEpochMs);
      used[0] = evaluator;
      int blocks = base.plan().blockCount();
      double minAccuracy = started.getRequest().getConstraints().getMinAccuracy();
      SearchListener listener = new SearchListener() {
        private List<SeriesEntry> beam = new ArrayList<>();
        private List<SeriesEntry> current = new ArrayList<>();

        @Override
        public void accepted(SeriesEntry entry, int beamRank) {
          if (entry.step() > 0 && entry.accuracy() < minAccuracy) {
            throw new SearchStopped(SearchOutcome.ACCURACY_FLOOR_REACHED, String.format(java.util.Locale.ROOT,
                "the best candidate of step %d has accuracy %.4f, below the floor %.4f", entry.step(),
                entry.accuracy(), minAccuracy));
          }
          log.emit(stateAccepted(searchId, entry, beamRank, entry.accuracy(), evaluator.artifact(entry.artifact()),
              entry.step() == 0 ? null : Wire.candidateId(searchId, entry.id()), definition, blocks));
          accepted.add(entry);
          current.add(entry);
        }

        @Override
        public void stepStarted(int s, double stepFraction, int beamSize) {
          step[0] = s;
          beam = current.stream().filter(e -> !e.meetsGoal()).toList();
          current = new ArrayList<>();
          // the same tau ProgressiveSearch asks of its best beam state
          evaluator.threshold(Math.max(beam.get(0).normalizedLatency() * (1 - stepFraction), 1.0));
        }
      };
      SearchResult result = new ProgressiveSearch(definition.config(), evaluator).run(definition.problem(), listener);
      for (SeriesEntry entry : result.series()) {
        if (entry.finalFineTune() != null) {
          log.emit(stateAccepted(searchId, entry, 0, entry.finalFineTune().accuracy(),
              evaluator.artifact(entry.finalFineTune().artifact()), Wire.finalId(searchId, entry.id()), definition,
              blocks));
        }
      }
      SearchOutcome outcome = result.goalReached() ? SearchOutcome.TARGET_REACHED
          : result.cost().steps() >= definition.config().maxSteps() ? SearchOutcome.BUDGET_EXHAUSTED
              : SearchOutcome.NO_CANDIDATE_LEFT;
      log.emit(completed(outcome, result.cost().steps(), accepted.size(), evaluator.requested(), startedAtEpochMs));
      LOG.infof("search %s completed (%s): %s", searchId, outcome, result.message());
      return new Outcome(outcome, null, result.series(), log.replayed());
    } catch (SearchStopped stop) {
      List<SeriesEntry> series = accepted.isEmpty() ? List.of()
          : SearchResults.lineage(SearchResults.choose(accepted), accepted);
      log.emit(completed(stop.outcome(), step[0], accepted.size(), used[0] == null ? 0 : used[0].requested(),
          startedAtEpochMs));
      LOG.infof("search %s stopped (%s): %s", searchId, stop.outcome(), stop.getMessage());
      return new Outcome(stop.outcome(), null, series, log.replayed());
    } catch (NonDeterministicReplayException e) {
      LOG.errorf("search %s: %s", searchId, e.getMessage());
      return fail(log, step[0], "non-deterministic replay: " + e.getMessage(), false, true);
    } catch (RuntimeException e) {
      if (Thread.currentThread().isInterrupted()) {
        // the service is stopping: the search stays unfinished on the topic and resumes at the next start
        LOG.infof("search %s interrupted in step %d; it resumes at the next start", searchId, step[0]);
        return new Outcome(null, "interrupted", List.of(), log.replayed());
      }
      LOG.errorf(e, "search %s failed in step %d", searchId, step[0]);
      // e.g. a pinned predictor version or the base artifact is not available (yet)
      boolean retryable = e instanceof UnavailableException;
      return fail(log, step[0], e.getMessage() == null ? e.toString() : e.getMessage(), retryable, log.replaying());
    }
  }

  private SearchCompleted completed(SearchOutcome outcome, int steps, int accepted, int evaluated,
      long startedAtEpochMs) {
    return SearchCompleted.newBuilder().setOutcome(outcome).setSteps(steps).setAcceptedStates(accepted)
        .setCandidatesEvaluated(Math.max(0, evaluated))
        .setWallTimeMs(Math.max(0, clockEpochMs.getAsLong() - startedAtEpochMs)).build();
  }

  private static Outcome fail(SearchEventLog log, int step, String message, boolean retryable, boolean afterHistory) {
    SearchFailed failed = SearchFailed.newBuilder().setStep(step).setErrorMessage(message).setRetryable(retryable)
        .build();
    try {
      if (afterHistory) {
        log.appendAfterHistory(failed);
      } else {
        log.emit(failed);
      }
    } catch (RuntimeException publish) {
      // the search stays unfinished on the topic and is resumed at the next start
      LOG.errorf(publish, "search %s: could not publish SearchFailed", log.searchId());
    }
    return new Outcome(null, message, List.of(), log.replayed());
  }

  static StateAccepted stateAccepted(String searchId, SeriesEntry entry, int beamRank, double accuracy,
      ArtifactRef artifact, String candidateId, SearchDefinition definition, int blocks) {
    return StateAccepted.newBuilder()
        .setStep(entry.step())
        .setCandidateId(candidateId)
        .setBeamRank(beamRank)
        .setWidths(Wire.widths(entry.spec()))
        .setAccuracy(accuracy)
        .setArtifact(artifact)
        .setPlacements(Wire.placements(definition.targets(), entry.cuts(), blocks, entry.quantization()))
        .build();
  }
}
