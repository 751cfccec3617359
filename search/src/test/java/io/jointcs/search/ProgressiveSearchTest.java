package io.jointcs.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jointcs.segmentation.CutQuantization;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressiveSearchTest {
  private static final LatencyGoal HALF = LatencyGoal.fractionOfSegmentationOnly(0.5);

  private static final class Recorder implements SearchListener {
    final List<SeriesEntry> accepted = new ArrayList<>();
    final List<Integer> ranks = new ArrayList<>();
    SearchResult finished;

    @Override
    public void accepted(SeriesEntry entry, int beamRank) {
      accepted.add(entry);
      ranks.add(beamRank);
    }

    @Override
    public void finished(SearchResult result) {
      finished = result;
    }
  }

  @Test
  void greedySearchReachesTheGoalAndEmitsEveryAcceptedState() {
    SearchProblem problem = Fixtures.problem(Fixtures.piOverSlowLink(HALF));
    SyntheticAccuracy evaluator = Fixtures.accuracy();
    SearchConfig config = SearchConfig.defaults();
    Recorder recorder = new Recorder();

    SearchResult result = new ProgressiveSearch(config, evaluator).run(problem, recorder);

    assertThat(result.method()).isEqualTo("jointcs-greedy");
    assertThat(result.goalReached()).isTrue();
    assertThat(result.message()).startsWith("latency goal reached after");
    SeriesEntry chosen = result.chosen();
    assertThat(chosen).isEqualTo(result.series().get(result.series().size() - 1));
    assertThat(chosen.cut("pi@2mbps").latencyMs()).isLessThanOrEqualTo(result.goalsMs().get(0));
    assertThat(result.series().get(0).action().kind()).isEqualTo(SearchAction.Kind.INITIAL);
    assertThat(recorder.accepted).isEqualTo(result.series());
    assertThat(recorder.ranks).containsOnly(0);
    assertThat(recorder.finished).isSameAs(result);
    assertThat(result.cost().candidatesEvaluated()).isEqualTo(evaluator.evaluatedCount());
    assertThat(result.cost().steps()).isEqualTo(result.series().size() - 1);
    assertThat(result.cost().predictorQueries()).isPositive();
    assertThat(result.fronts()).singleElement().satisfies(f -> assertThat(f.points()).isNotEmpty());
  }

  @Test
  void everyStepMeetsItsTauAndKeepsTheMostAccurateCandidate() {
    SearchProblem problem = Fixtures.problem(Fixtures.piOverSlowLink(HALF));
    SyntheticAccuracy evaluator = Fixtures.accuracy();
    SearchConfig config = SearchConfig.defaults().withSchedule(StepSchedule.decaying(0.2, 0.7, 0.03));

    SearchResult result = new ProgressiveSearch(config, evaluator).run(problem);

    List<SeriesEntry> series = result.series();
    for (int k = 1; k < series.size(); k++) {
      SeriesEntry parent = series.get(k - 1);
      SeriesEntry state = series.get(k);
      double tau = Math.max(parent.normalizedLatency() * (1 - config.schedule().step(k - 1)), 1.0);
      assertThat(state.normalizedLatency()).as("step %d", k).isLessThanOrEqualTo(tau);
      assertThat(state.parentId()).isEqualTo(parent.id());
      assertThat(state.spec().fitsWithin(parent.spec())).isTrue();
      // batch k (batch 0 is the initial model) holds the candidates of step k; the first most accurate wins
      List<Candidate> batch = evaluator.batches.get(k);
      Candidate best = batch.stream()
          .max(Comparator.comparingDouble((Candidate c) -> evaluator.accuracy(c.spec(), c.quantization()))
              .thenComparing(c -> -batch.indexOf(c)))
          .orElseThrow();
      assertThat(state.id()).isEqualTo(best.id());
      assertThat(state.artifact()).isEqualTo("artifact:" + state.id());
    }
  }

  @Test
  void theSameSeedGivesTheSameResult() {
    SearchProblem problem = Fixtures.problem(Fixtures.piOverSlowLink(HALF), Fixtures.jetsonOverWifi(HALF));
    SearchConfig config = SearchConfig.defaults().withSeed(42).withBeamWidth(2);

    SearchResult first = new ProgressiveSearch(config, Fixtures.accuracy()).run(problem);
    SearchResult second = new ProgressiveSearch(config, Fixtures.accuracy()).run(problem);

    assertThat(second.series()).isEqualTo(first.series());
    assertThat(second.fronts()).isEqualTo(first.fronts());
    assertThat(second.chosenId()).isEqualTo(first.chosenId());
    assertThat(second.message()).isEqualTo(first.message());
    assertThat(second.cost().candidatesEvaluated()).isEqualTo(first.cost().candidatesEvaluated());
    assertThat(second.cost().predictorQueries()).isEqualTo(first.cost().predictorQueries());
  }

  @Test
  void beamWidthOneIsTheGreedySearch() {
    SearchProblem problem = Fixtures.problem(Fixtures.piOverSlowLink(HALF));

    SearchResult greedy = new ProgressiveSearch(SearchConfig.defaults(), Fixtures.accuracy()).run(problem);
    SearchResult beamOne = new ProgressiveSearch(SearchConfig.defaults().withBeamWidth(1), Fixtures.accuracy())
        .run(problem);

    assertThat(beamOne.series()).isEqualTo(greedy.series());
  }

  /**
   * Beam search is not guaranteed to beat greedy in general: it keeps the K best children of all its states, and
   * the greedy path can fall out of the beam when another state's children rank higher. What holds by
   * construction is that the beam's first step contains greedy's first state; in this synthetic setup (several
   * schedules, one and two targets) the beam's final model is also never less accurate.
   */
  @Test
  void aWiderBeamIsNeverWorseThanGreedyInTheSyntheticSetup() {
    List<SearchProblem> problems = List.of(
        Fixtures.problem(Fixtures.piOverSlowLink(HALF)),
        Fixtures.problem(Fixtures.jetsonOverWifi(LatencyGoal.fractionOfSegmentationOnly(0.4))),
        Fixtures.problem(Fixtures.piOverSlowLink(HALF), Fixtures.jetsonOverWifi(HALF)));
    for (SearchProblem problem : problems) {
      for (StepSchedule schedule : List.of(StepSchedule.constant(0.1), StepSchedule.decaying(0.1, 0.85, 0.02))) {
        SearchConfig config = SearchConfig.defaults().withSchedule(schedule);
        SearchResult greedy = new ProgressiveSearch(config, Fixtures.accuracy()).run(problem);
        Recorder recorder = new Recorder();
        SearchResult beam = new ProgressiveSearch(config.withBeamWidth(3), Fixtures.accuracy())
            .run(problem, recorder);

        assertThat(beam.method()).isEqualTo("jointcs-beam3");
        assertThat(beam.goalReached()).isTrue();
        assertThat(beam.chosen().accuracy()).as("%s, %s", problem.targetSpecs(), schedule)
            .isGreaterThanOrEqualTo(greedy.chosen().accuracy());
        assertThat(recorder.accepted.subList(1, 4)).contains(greedy.series().get(1));
        assertThat(recorder.ranks).contains(0, 1, 2);
        // the series is one lineage from the initial model to the chosen one
        List<SeriesEntry> series = beam.series();
        for (int k = 1; k < series.size(); k++) {
          assertThat(series.get(k).parentId()).isEqualTo(series.get(k - 1).id());
        }
      }
    }
  }

  @Test
  void severalTargetsAreDrivenByTheWorstOneAndAllMeetTheirGoals() {
    SearchProblem problem = Fixtures.problem(Fixtures.piOverSlowLink(HALF), Fixtures.jetsonOverWifi(HALF));

    SearchResult result = new ProgressiveSearch(SearchConfig.defaults(), Fixtures.accuracy()).run(problem);

    assertThat(result.goalReached()).isTrue();
    assertThat(result.fronts()).extracting(ParetoFront::target).containsExactly("pi@2mbps", "jetson@wifi");
    for (SeriesEntry entry : result.series()) {
      assertThat(entry.cuts()).extracting(TargetCut::target).containsExactly("pi@2mbps", "jetson@wifi");
      double worst = Math.max(entry.cuts().get(0).latencyMs() / result.goalsMs().get(0),
          entry.cuts().get(1).latencyMs() / result.goalsMs().get(1));
      assertThat(entry.normalizedLatency()).isEqualTo(worst);
    }
    SeriesEntry chosen = result.chosen();
    assertThat(chosen.cuts().get(0).latencyMs()).isLessThanOrEqualTo(result.goalsMs().get(0));
    assertThat(chosen.cuts().get(1).latencyMs()).isLessThanOrEqualTo(result.goalsMs().get(1));
  }

  @Test
  void theMeanAggregationStopsWhenTheTargetsMeetTheirGoalsOnAverage() {
    SearchProblem problem = Fixtures.problem(Fixtures.piOverSlowLink(HALF), Fixtures.jetsonOverWifi(HALF));
    SearchConfig config = SearchConfig.defaults().withAggregation(Aggregation.MEAN);

    SearchResult result = new ProgressiveSearch(config, Fixtures.accuracy()).run(problem);

    SeriesEntry chosen = result.chosen();
    double mean = (chosen.cuts().get(0).latencyMs() / result.goalsMs().get(0)
        + chosen.cuts().get(1).latencyMs() / result.goalsMs().get(1)) / 2;
    assertThat(chosen.normalizedLatency()).isEqualTo(mean).isLessThanOrEqualTo(1.0);
    assertThat(result.settings().aggregation()).isEqualTo(Aggregation.MEAN);
  }

  @Test
  void anUnreachableGoalEndsWithAStatementAndTheBestFound() {
    SearchProblem problem = Fixtures.problem(Fixtures.piOverSlowLink(LatencyGoal.absoluteMs(0.5)));

    SearchResult result = new ProgressiveSearch(SearchConfig.defaults(), Fixtures.accuracy()).run(problem);

    assertThat(result.goalReached()).isFalse();
    assertThat(result.message()).startsWith("latency goal NOT reached: in step")
        .contains("no candidate meets tau").contains("best found: pi@2mbps");
    SeriesEntry chosen = result.chosen();
    assertThat(chosen.normalizedLatency()).isGreaterThan(1)
        .isEqualTo(result.series().stream().mapToDouble(SeriesEntry::normalizedLatency).min().orElseThrow());
  }

  @Test
  void theStepBudgetEndsTheSearchWithAStatement() {
    SearchProblem problem = Fixtures.problem(Fixtures.piOverSlowLink(HALF));

    SearchConfig config = SearchConfig.defaults().withSchedule(StepSchedule.constant(0.02)).withMaxSteps(2);

    SearchResult result = new ProgressiveSearch(config, Fixtures.accuracy()).run(problem);

    assertThat(result.goalReached()).isFalse();
    assertThat(result.series()).hasSize(3);
    assertThat(result.message()).contains("stopped after the step budget of 2 steps");
  }

  @Test
  void aModelAlreadyFastEnoughIsReturnedUnpruned() {
    SearchProblem problem = Fixtures.problem(Fixtures.piOverSlowLink(LatencyGoal.absoluteMs(1e6)));

    SearchResult result = new ProgressiveSearch(SearchConfig.defaults(), Fixtures.accuracy()).run(problem);

    assertThat(result.goalReached()).isTrue();
    assertThat(result.series()).hasSize(1);
    assertThat(result.message()).startsWith("the initial model already meets the latency goal");
  }

  @Test
  void theLastModelsOfTheSeriesGetTheLongerFineTune() {
    SearchProblem problem = Fixtures.problem(Fixtures.piOverSlowLink(HALF));
    SyntheticAccuracy evaluator = Fixtures.accuracy();

    SearchResult result = new ProgressiveSearch(SearchConfig.defaults().withFinalization(2, 30), evaluator)
        .run(problem);

    List<SeriesEntry> series = result.series();
    int n = series.size();
    assertThat(evaluator.finalized).containsExactly(series.get(n - 2).id(), series.get(n - 1).id());
    assertThat(series.get(n - 1).finalFineTune()).isEqualTo(new FinalFineTune(30,
        series.get(n - 1).accuracy() + SyntheticAccuracy.FINAL_BONUS, "final:" + series.get(n - 1).id()));
    assertThat(series.get(n - 3).finalFineTune()).isNull();
    assertThat(result.cost().finalizations()).isEqualTo(2);
    assertThat(result.front("pi@2mbps").points()).anyMatch(p -> p.entryId().equals(series.get(n - 1).id())
        && p.accuracy() == series.get(n - 1).reportedAccuracy());
  }

  @Test
  void theLossPerGainRuleIsAPluggableAlternative() {
    SearchProblem problem = Fixtures.problem(Fixtures.piOverSlowLink(HALF));
    SearchConfig config = SearchConfig.defaults().withSelectionRule(SelectionRule.leastLossPerLatencyGain());

    SearchResult result = new ProgressiveSearch(config, Fixtures.accuracy()).run(problem);

    assertThat(result.goalReached()).isTrue();
    assertThat(result.settings().selectionRule()).isEqualTo("least-loss-per-latency-gain");
    assertThat(SelectionRule.named("max-accuracy").name()).isEqualTo("max-accuracy");
  }

  @Test
  void anInt8CutIsChosenWhenItIsTheCheapestWayDown() {
    SearchProblem problem = Fixtures.problem(Fixtures.piOverSlowLink(HALF));

    SearchResult result = new ProgressiveSearch(SearchConfig.defaults(), Fixtures.accuracy()).run(problem);

    // quantizing the uploaded image costs 0.002 accuracy for a large latency gain
    assertThat(result.series()).anyMatch(e -> e.action().kind() == SearchAction.Kind.QUANTIZE_CUT);
    assertThat(result.chosen().quantization()).isEqualTo(CutQuantization.INT8);
  }

  @Test
  void anEvaluatorThatLosesResultsIsAnError() {
    SearchProblem problem = Fixtures.problem(Fixtures.piOverSlowLink(HALF));
    SyntheticAccuracy inner = Fixtures.accuracy();
    AccuracyEvaluator lossy = new AccuracyEvaluator() {
      @Override
      public List<CandidateEvaluation> evaluate(List<Candidate> candidates) {
        List<CandidateEvaluation> all = inner.evaluate(candidates);
        return all.size() > 1 ? all.subList(1, all.size()) : all;
      }

      @Override
      public CandidateEvaluation finalizeModel(SeriesEntry entry, FineTuneBudget budget) {
        return inner.finalizeModel(entry, budget);
      }
    };

    assertThatThrownBy(() -> new ProgressiveSearch(SearchConfig.defaults(), lossy).run(problem))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("returned no result for candidate 's1.b0.");
  }
}
