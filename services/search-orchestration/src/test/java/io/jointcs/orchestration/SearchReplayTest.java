package io.jointcs.orchestration;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointcs.events.CandidateEvaluationRequest;
import io.jointcs.events.CandidateEvaluationResult;
import io.jointcs.events.CandidatesProposed;
import io.jointcs.events.SearchCompleted;
import io.jointcs.events.SearchEvent;
import io.jointcs.events.SearchFailed;
import io.jointcs.events.SearchOutcome;
import io.jointcs.events.SearchStarted;
import io.jointcs.events.StateAccepted;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Event sourcing of a search without Kafka: deterministic replay, no republishing, no re-evaluation. */
class SearchReplayTest {
  private static final String ID = "search-1";
  private static final double GOAL_MS = 40;

  /** One orchestrator "process": its published events and requests, over a board that survives restarts. */
  private static final class Process {
    final List<SearchEvent> published = new ArrayList<>();
    final List<CandidateEvaluationRequest> requested = new ArrayList<>();
    final SearchView view = new SearchView(ID);
    final ResultBoard board;
    final int crashAfterEvents;

    Process(ResultBoard board, int crashAfterEvents) {
      this.board = board;
      this.crashAfterEvents = crashAfterEvents;
    }

    SearchRunner.Outcome run(List<SearchEvent> stored) {
      AtomicLong clock = new AtomicLong(10_000);
      stored.forEach(view::apply); // as the service's bootstrap does before it resumes a search
      SearchEventLog log = new SearchEventLog(ID, stored, e -> {
        if (published.size() == crashAfterEvents) {
          throw new IllegalStateException("broker gone (simulated crash)");
        }
        published.add(e);
      }, clock::incrementAndGet, view::apply);
      // the executor stand-in answers every request at once, onto the board
      SearchRunner runner = new SearchRunner(board, r -> {
        requested.add(r);
        board.put(Fixtures.result(r));
      }, Duration.ofSeconds(5), new SearchDefinition.Finalization(1, 4), clock::incrementAndGet);
      SearchStarted started = stored.isEmpty() ? Fixtures.started(Fixtures.request(ID, GOAL_MS))
          : (SearchStarted) stored.get(0).getPayload();
      return runner.run(started, 10_000, () -> Fixtures.BASE, () -> Fixtures.MODELS, log);
    }
  }

  @Test
  void anUndisturbedSearchEmitsAContiguousHistoryAndReachesItsGoal() {
    // Given an orchestrator and executors that answer every request
    Process p = new Process(new ResultBoard(), Integer.MAX_VALUE);

    // When a search runs
    SearchRunner.Outcome outcome = p.run(List.of());

    // Then it takes several steps, and its events are numbered 0.. without gaps, start with SearchStarted, end with SearchCompleted
    assertThat(outcome.failed()).isFalse();
    assertThat(p.published).extracting(SearchEvent::getSequenceNumber)
        .containsExactlyElementsOf(range(p.published.size()));
    assertThat(p.published.get(0).getPayload()).isInstanceOf(SearchStarted.class);
    SearchCompleted done = (SearchCompleted) p.published.get(p.published.size() - 1).getPayload();
    assertThat(done.getOutcome()).isEqualTo(SearchOutcome.TARGET_REACHED);
    assertThat(done.getSteps()).isGreaterThanOrEqualTo(3);
    // every batch is announced before it is requested, and the base state is accepted with a null candidate id
    assertThat(p.published.stream().filter(e -> e.getPayload() instanceof CandidatesProposed)).hasSizeGreaterThan(1);
    StateAccepted base = (StateAccepted) p.published.stream().filter(e -> e.getPayload() instanceof StateAccepted)
        .findFirst().orElseThrow().getPayload();
    assertThat(base.getCandidateId()).isNull();
    // the last model got the longer fine-tune: a /final request with 4x the optimizer steps
    CandidateEvaluationRequest last = p.requested.get(p.requested.size() - 1);
    assertThat(last.getCandidateId()).endsWith("/final");
    assertThat(last.getFineTuneBudget().getOptimizerSteps()).isEqualTo(40);
    assertThat(p.requested).extracting(CandidateEvaluationRequest::getCandidateId).doesNotHaveDuplicates()
        .allMatch(id -> id.startsWith(ID + "/"));
    // and the folded view's series ends in a state that meets the goal, with the final accuracy
    assertThat(p.view.status()).isEqualTo(SearchView.Status.COMPLETED);
    SearchView.State chosen = p.view.series().get(p.view.series().size() - 1);
    assertThat(chosen.meetsGoal()).isTrue();
    assertThat(chosen.finalAccuracy()).isNotNull();
    assertThat(p.view.series().get(0).parentId()).isNull();
  }

  @Test
  void aSearchResumedAfterACrashRepublishesNothingAndReEvaluatesNothing() {
    // Given the history of an undisturbed run
    Process undisturbed = new Process(new ResultBoard(), Integer.MAX_VALUE);
    undisturbed.run(List.of());
    int total = undisturbed.published.size();

    for (int k : new int[] {1, 3, total / 2, total - 1}) {
      // Given a run that crashed after k events, with the results evaluated so far still on the board
      ResultBoard board = new ResultBoard();
      Process crashed = new Process(board, k);
      SearchRunner.Outcome first = crashed.run(List.of());
      assertThat(first.failed()).as("crash after %d events", k).isTrue();
      assertThat(crashed.published).hasSize(k);

      // When a new process resumes it from the stored events
      Process resumed = new Process(board, Integer.MAX_VALUE);
      SearchRunner.Outcome second = resumed.run(crashed.published);

      // Then it publishes exactly the missing tail of the history, continuing the sequence numbers
      assertThat(second.failed()).as("resume after %d events", k).isFalse();
      assertThat(resumed.published).extracting(SearchEvent::getSequenceNumber)
          .containsExactlyElementsOf(range(total).subList(k, total));
      List<SearchEvent> history = new ArrayList<>(crashed.published);
      history.addAll(resumed.published);
      for (int i = 0; i < total; i++) {
        assertThat(SearchEventLog.samePayload(history.get(i).getPayload(), undisturbed.published.get(i).getPayload()))
            .as("event %d after a crash at %d", i, k).isTrue();
      }
      // no candidate evaluated before the crash is requested again
      List<String> before = crashed.requested.stream().map(CandidateEvaluationRequest::getCandidateId).toList();
      assertThat(resumed.requested).extracting(CandidateEvaluationRequest::getCandidateId)
          .noneMatch(before::contains);
      assertThat(before.size() + resumed.requested.size()).isEqualTo(undisturbed.requested.size());
      // and the series is the same as the undisturbed one
      assertThat(resumed.view.series()).isEqualTo(undisturbed.view.series());
    }
  }

  @Test
  void aReplayThatRegeneratesADifferentEventFailsLoudlyAfterTheStoredHistory() {
    // Given a stored history whose third event was written by a different search (another seed)
    Process original = new Process(new ResultBoard(), Integer.MAX_VALUE);
    original.run(List.of());
    List<SearchEvent> stored = new ArrayList<>(original.published.subList(0, 4));
    SearchEvent third = stored.get(2);
    StateAccepted changed = StateAccepted.newBuilder((StateAccepted) third.getPayload()).setAccuracy(0.123).build();
    assertThat(third.getPayload()).isInstanceOf(StateAccepted.class);
    stored.set(2, SearchEvent.newBuilder(third).setPayload(changed).build());

    // When it is resumed
    Process resumed = new Process(original.board, Integer.MAX_VALUE);
    SearchRunner.Outcome outcome = resumed.run(stored);

    // Then it fails as non-deterministic, with one SearchFailed after the stored events and nothing else
    assertThat(outcome.failed()).isTrue();
    assertThat(outcome.failure()).contains("non-deterministic replay").contains("event 2");
    assertThat(resumed.published).hasSize(1);
    assertThat(resumed.published.get(0).getSequenceNumber()).isEqualTo(4);
    assertThat(resumed.published.get(0).getPayload()).isInstanceOf(SearchFailed.class);
  }

  @Test
  void aResultAlreadyOnTheBoardIsUsedWithoutARequestAndAnErrorFailsTheSearch() {
    // Given a board that already holds the base model's evaluation, and one that holds an error for it
    ResultBoard board = new ResultBoard();
    CandidateEvaluationRequest probe = CandidateEvaluationRequest.newBuilder()
        .setCandidateId(Wire.candidateId(ID, Wire.ROOT_ID)).setSearchId(ID).setStep(0)
        .setBaseArtifact(HeadArtifacts.ref(Fixtures.BASE_SHA, 1)).setDatasetId("synthetic")
        .setWidths(Wire.widths(Fixtures.BASE)).setFineTuneBudget(Fixtures.request(ID, GOAL_MS).getFineTuneBudget())
        .setSeed(0).setRequestedAtEpochMs(0).build();
    board.put(Fixtures.result(probe));
    ResultBoard failing = new ResultBoard();
    failing.put(CandidateEvaluationResult.newBuilder(Fixtures.result(probe)).setAccuracy(null).setArtifact(null)
        .setError("dataset 'synthetic' is unknown to worker w-1").build());

    // When searches run over them
    Process reuse = new Process(board, Integer.MAX_VALUE);
    reuse.run(List.of());
    Process broken = new Process(failing, Integer.MAX_VALUE);
    SearchRunner.Outcome outcome = broken.run(List.of());

    // Then the stored result is used as it is, and the error fails the search with its text
    assertThat(reuse.requested).extracting(CandidateEvaluationRequest::getCandidateId)
        .doesNotContain(Wire.candidateId(ID, Wire.ROOT_ID));
    assertThat(outcome.failed()).isTrue();
    assertThat(outcome.failure()).contains("dataset 'synthetic' is unknown to worker w-1");
    assertThat(broken.published.get(broken.published.size() - 1).getPayload()).isInstanceOf(SearchFailed.class);
  }

  private static List<Long> range(int n) {
    List<Long> out = new ArrayList<>();
    for (long i = 0; i < n; i++) {
      out.add(i);
    }
    return out;
  }
}
