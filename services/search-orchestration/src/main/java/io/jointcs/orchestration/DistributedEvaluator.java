package io.jointcs.orchestration;

import io.jointcs.events.ArtifactRef;
import io.jointcs.events.CandidateEvaluationRequest;
import io.jointcs.events.CandidateEvaluationResult;
import io.jointcs.events.CandidateProposal;
import io.jointcs.events.CandidatesProposed;
import io.jointcs.events.SearchOutcome;
import io.jointcs.events.SearchRequest;
import io.jointcs.model.ModelSpec;
import io.jointcs.search.AccuracyEvaluator;
import io.jointcs.search.Candidate;
import io.jointcs.search.CandidateEvaluation;
import io.jointcs.search.FineTuneBudget;
import io.jointcs.search.SearchAction;
import io.jointcs.search.SeriesEntry;
import io.jointcs.search.TargetSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * A(M) through Kafka: every candidate of a batch becomes a CandidateEvaluationRequest on jointcs.candidates.requests
 * (after a CandidatesProposed event that records the batch), and the batch returns once the matching results are on
 * the {@link ResultBoard}. A result already on the board (a batch evaluated before a restart) is used as it is, so
 * a resumed search never re-evaluates. A result with an error, or a batch that does not complete within the
 * timeout, fails the search.
 */
public final class DistributedEvaluator implements AccuracyEvaluator {
  private final SearchRequest request;
  private final List<TargetSpec> targets;
  private final double goalMs;
  private final ResultBoard board;
  private final RequestSink requests;
  private final SearchEventLog log;
  private final Duration timeout;
  private final LongSupplier clockEpochMs;
  private final long startedAtEpochMs;
  private final Map<String, ArtifactRef> artifacts = new HashMap<>();
  private final ArtifactRef base;
  private double tauNormalized = Double.NaN;
  private int requested;

  /**
   * @param base the base model (parentless candidates are pruned from it)
   * @param targets the search's targets, in the order of every candidate's cuts
   * @param startedAtEpochMs when the search started (SearchStarted), for its wall-time budget
   */
  public DistributedEvaluator(SearchRequest request, ArtifactRef base, List<TargetSpec> targets, ResultBoard board,
      RequestSink requests, SearchEventLog log, Duration timeout, LongSupplier clockEpochMs, long startedAtEpochMs) {
    this.request = request;
    this.base = base;
    this.targets = List.copyOf(targets);
    this.goalMs = request.getConstraints().getLatencyTargetMs();
    this.board = board;
    this.requests = requests;
    this.log = log;
    this.timeout = timeout;
    this.clockEpochMs = clockEpochMs;
    this.startedAtEpochMs = startedAtEpochMs;
    artifacts.put(base.getSha256(), base);
  }

  /** Candidate evaluations requested so far (from the board or new), final fine-tunes included. */
  public int requested() {
    return requested;
  }

  /** tau of the coming batch as a fraction of the goal (set when a step starts). */
  void threshold(double normalized) {
    this.tauNormalized = normalized;
  }

  @Override
  public List<CandidateEvaluation> evaluate(List<Candidate> candidates) {
    if (candidates.isEmpty()) {
      return List.of();
    }
    checkBudget(candidates.size());
    int step = candidates.get(0).step();
    double tau = step == 0 || Double.isNaN(tauNormalized) ? candidates.get(0).normalizedLatency() : tauNormalized;
    List<CandidateProposal> proposals = new ArrayList<>();
    for (Candidate c : candidates) {
      int blocks = c.spec().plan().blockCount();
      proposals.add(CandidateProposal.newBuilder()
          .setCandidateId(Wire.candidateId(log.searchId(), c.id()))
          .setParentCandidateId(c.parentId().isEmpty() || c.parentId().equals(Wire.ROOT_ID) ? null
              : Wire.candidateId(log.searchId(), c.parentId()))
          .setNarrowedGroup(c.action().kind() == SearchAction.Kind.PRUNE_GROUP ? c.action().groupName() : null)
          .setWidths(Wire.widths(c.spec()))
          .setPlacements(Wire.placements(targets, c.cuts(), blocks, c.quantization()))
          .build());
    }
    log.emit(CandidatesProposed.newBuilder().setStep(step).setLatencyThresholdMs(tau * goalMs)
        .setCandidates(proposals).build());

    List<String> ids = new ArrayList<>();
    for (Candidate c : candidates) {
      String id = Wire.candidateId(log.searchId(), c.id());
      ids.add(id);
      request(id, step, c.parentArtifact(), c.spec(), request.getFineTuneBudget(), c.seed());
    }
    Map<String, CandidateEvaluationResult> results = await(ids);
    List<CandidateEvaluation> out = new ArrayList<>();
    for (Candidate c : candidates) {
      out.add(evaluation(c.id(), results.get(Wire.candidateId(log.searchId(), c.id()))));
    }
    return out;
  }

  /**
   * The longer fine-tune of a state of the final series: a request with id suffix {@code /final} that starts from
   * the state's own weights, with {@code budget.epochs()} times the per-candidate optimizer steps.
   */
  @Override
  public CandidateEvaluation finalizeModel(SeriesEntry entry, FineTuneBudget budget) {
    checkBudget(1);
    String id = Wire.finalId(log.searchId(), entry.id());
    io.jointcs.events.FineTuneBudget perCandidate = request.getFineTuneBudget();
    io.jointcs.events.FineTuneBudget longer = io.jointcs.events.FineTuneBudget.newBuilder(perCandidate)
        .setOptimizerSteps(Math.max(1, perCandidate.getOptimizerSteps()) * budget.epochs()).build();
    request(id, entry.step(), entry.artifact(), entry.spec(), longer,
        Candidate.seedFor(request.getSeed(), entry.id() + Wire.FINAL_SUFFIX));
    return evaluation(entry.id(), await(List.of(id)).get(id));
  }

  private void request(String id, int step, String parentSha, ModelSpec spec,
      io.jointcs.events.FineTuneBudget budget, long seed) {
    requested++;
    if (board.get(id).isPresent()) {
      return; // evaluated before a restart: used as it is
    }
    ArtifactRef parent = parentSha == null || parentSha.isEmpty() ? base : artifacts.get(parentSha);
    if (parent == null) {
      throw new IllegalStateException("candidate " + id + " derives from artifact " + parentSha
          + ", which no evaluation result of search '" + log.searchId() + "' produced");
    }
    requests.publish(CandidateEvaluationRequest.newBuilder()
        .setCandidateId(id)
        .setSearchId(log.searchId())
        .setStep(step)
        .setBaseArtifact(parent)
        .setDatasetId(request.getDatasetId())
        .setWidths(Wire.widths(spec))
        .setFineTuneBudget(budget)
        .setSeed(seed)
        .setRequestedAtEpochMs(clockEpochMs.getAsLong())
        .build());
  }

  private Map<String, CandidateEvaluationResult> await(List<String> ids) {
    try {
      return board.await(ids, timeout);
    } catch (TimeoutException e) {
      throw new IllegalStateException("search '" + log.searchId() + "': " + e.getMessage()
          + " (jointcs.search.evaluation-timeout; are compression executors running on jointcs.candidates.requests?)",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("search '" + log.searchId() + "' was interrupted while waiting for "
          + ids.size() + " evaluations", e);
    }
  }

  private CandidateEvaluation evaluation(String localId, CandidateEvaluationResult r) {
    if (r.getError() != null) {
      throw new IllegalStateException("evaluation of candidate " + r.getCandidateId() + " failed on worker "
          + r.getWorkerId() + ": " + r.getError());
    }
    if (r.getAccuracy() == null || r.getArtifact() == null) {
      throw new IllegalStateException("evaluation result of candidate " + r.getCandidateId() + " from worker "
          + r.getWorkerId() + " has neither an error nor an accuracy and artifact");
    }
    artifacts.put(r.getArtifact().getSha256(), r.getArtifact());
    return new CandidateEvaluation(localId, r.getAccuracy(), r.getArtifact().getSha256());
  }

  /** The artifact reference of a result this search has seen (or the base). */
  ArtifactRef artifact(String sha256) {
    ArtifactRef ref = artifacts.get(sha256);
    if (ref == null) {
      throw new IllegalStateException("search '" + log.searchId() + "' has seen no artifact " + sha256);
    }
    return ref;
  }

  private void checkBudget(int more) {
    int max = request.getConstraints().getMaxCandidateEvaluations();
    if (max > 0 && requested + more > max) {
      throw new SearchStopped(SearchOutcome.BUDGET_EXHAUSTED, "the next " + more + " evaluation(s) would exceed the "
          + "budget of " + max + " candidate evaluations (" + requested + " requested)");
    }
    long maxWallMs = request.getConstraints().getMaxWallTimeMs();
    // wall time is checked for new work only: a replay must regenerate its stored history whatever the clock says
    if (maxWallMs > 0 && !log.replaying() && clockEpochMs.getAsLong() - startedAtEpochMs > maxWallMs) {
      throw new SearchStopped(SearchOutcome.BUDGET_EXHAUSTED, "the wall-time budget of " + maxWallMs + " ms is spent");
    }
  }
}
