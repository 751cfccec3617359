package io.jointcs.search.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jointcs.model.Architecture;
import io.jointcs.model.ModelSpec;
import io.jointcs.search.AccuracyEvaluator;
import io.jointcs.search.BaselineFixtures;
import io.jointcs.search.EndToEndLatency;
import io.jointcs.search.LatencyGoal;
import io.jointcs.search.ProgressiveSearch;
import io.jointcs.search.SearchConfig;
import io.jointcs.search.SearchProblem;
import io.jointcs.search.SearchResult;
import io.jointcs.search.SeriesEntry;
import io.jointcs.search.Target;
import io.jointcs.search.WidthSpace;
import io.jointcs.segmentation.CutQuantization;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExhaustiveSearchTest {
  private static final List<Double> GRID = List.of(0.125, 0.25, 0.5, 0.75, 1.0);
  /** stage1, stage2, stage3: the residual-tied groups, which decide the cut tensors. */
  private static final List<Integer> GROUPS = List.of(0, 1, 2);
  private static final LatencyGoal GOAL = LatencyGoal.fractionOfSegmentationOnly(0.4);

  private static SearchProblem tinyProblem() {
    return BaselineFixtures.piOverSlowLink(WidthSpace.grid(Architecture.RESNET20, GRID, GROUPS), GOAL);
  }

  @Test
  void exhaustiveSearchFindsTheTrueOptimumOfATinySpace() {
    SearchProblem problem = tinyProblem();
    AccuracyEvaluator evaluator = BaselineFixtures.accuracy();

    SearchResult result = new ExhaustiveSearch().run(problem, SearchConfig.defaults(), evaluator);

    // 5 widths for 3 groups, float32 or INT8 cut
    assertThat(BaselineFixtures.evaluatedCount(evaluator)).isEqualTo(250);
    Target target = problem.targets().get(0);
    double goalMs = result.goalsMs().get(0);
    double bestAccuracy = -1;
    ModelSpec best = null;
    CutQuantization bestQ = null;
    for (int w0 : new int[] {2, 4, 8, 12, 16}) {
      for (int w1 : new int[] {4, 8, 16, 24, 32}) {
        for (int w2 : new int[] {8, 16, 32, 48, 64}) {
          for (CutQuantization q : CutQuantization.values()) {
            ModelSpec spec = problem.initial().withWidth(0, w0).withWidth(1, w1).withWidth(2, w2);
            double ms = EndToEndLatency.bestCut(spec.plan(), target, q).latencyMs();
            double accuracy = BaselineFixtures.accuracyOf(spec, q);
            if (ms <= goalMs && accuracy > bestAccuracy) {
              bestAccuracy = accuracy;
              best = spec;
              bestQ = q;
            }
          }
        }
      }
    }
    assertThat(result.goalReached()).isTrue();
    assertThat(result.chosen().spec()).isEqualTo(best);
    assertThat(result.chosen().quantization()).isEqualTo(bestQ);
    assertThat(result.chosen().accuracy()).isEqualTo(bestAccuracy);
    assertThat(result.message()).startsWith("optimum of 250 combinations");
    // the series is the non-dominated set, slowest first, ending at the fastest model
    List<SeriesEntry> series = result.series();
    for (int i = 1; i < series.size(); i++) {
      assertThat(series.get(i).normalizedLatency()).isLessThan(series.get(i - 1).normalizedLatency());
      assertThat(series.get(i).accuracy()).isLessThan(series.get(i - 1).accuracy());
    }
  }

  /**
   * On this space greedy misses the optimum (it narrows stage 3 where the optimum narrows stage 1 further): the gap
   * is measured, small, and closed by a beam of 3.
   */
  @Test
  void theOptimalityGapOfGreedyOnTheSameSpaceIsMeasuredAndSmall() {
    SearchProblem problem = tinyProblem();
    SearchResult optimum = new ExhaustiveSearch().run(problem, SearchConfig.defaults(), BaselineFixtures.accuracy());

    SearchResult greedy = new ProgressiveSearch(SearchConfig.defaults(), BaselineFixtures.accuracy()).run(problem);
    SearchResult beam = new ProgressiveSearch(SearchConfig.defaults().withBeamWidth(3), BaselineFixtures.accuracy())
        .run(problem);
    OptimalityGap greedyGap = OptimalityGap.of(greedy, optimum);
    OptimalityGap beamGap = OptimalityGap.of(beam, optimum);

    assertThat(greedyGap.bothMeetGoal()).isTrue();
    assertThat(greedyGap.accuracyGap()).isGreaterThan(0).isLessThanOrEqualTo(0.005);
    assertThat(beamGap.bothMeetGoal()).isTrue();
    assertThat(beamGap.accuracyGap()).isGreaterThanOrEqualTo(0).isLessThan(greedyGap.accuracyGap());
    // every model greedy can reach lies in the enumerated space, so the optimum is never beaten
    assertThat(greedy.chosen().spec().widths().subList(0, 3))
        .allMatch(w -> List.of(2, 4, 8, 12, 16, 24, 32, 48, 64).contains(w));
  }

  @Test
  void aGapBetweenModelsMissingTheGoalIsFlagged() {
    SearchProblem problem = BaselineFixtures.piOverSlowLink(tinyProblem().widths(), LatencyGoal.fractionOfSegmentationOnly(0.2));
    SearchResult optimum = new ExhaustiveSearch().run(problem, SearchConfig.defaults(), BaselineFixtures.accuracy());
    SearchResult greedy = new ProgressiveSearch(SearchConfig.defaults(), BaselineFixtures.accuracy()).run(problem);

    assertThat(optimum.goalReached()).isFalse();
    assertThat(optimum.message()).startsWith("latency goal NOT reached by any of the 250 combinations");
    assertThat(OptimalityGap.of(greedy, optimum).bothMeetGoal()).isFalse();
  }

  @Test
  void aSpaceAboveTheCapIsRefusedBeforeAnythingRuns() {
    SearchProblem problem = BaselineFixtures.piOverSlowLink(
        WidthSpace.grid(Architecture.RESNET20, GRID, List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)), GOAL);
    AccuracyEvaluator evaluator = BaselineFixtures.accuracy();

    assertThatThrownBy(() -> new ExhaustiveSearch(10_000).run(problem, SearchConfig.defaults(), evaluator))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exceeds the cap of 10000 combinations")
        .hasMessageContaining("[5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5] widths, times 2 cut quantizations")
        .hasMessageContaining("freeze groups or use a coarser grid");
    assertThat(BaselineFixtures.evaluatedCount(evaluator)).isZero();
  }

  @Test
  void theGapNeedsAnExhaustiveReferenceOfTheSameProblem() {
    SearchProblem problem = tinyProblem();
    SearchResult search = new ProgressiveSearch(SearchConfig.defaults(), BaselineFixtures.accuracy()).run(problem);
    SearchResult other = new ProgressiveSearch(SearchConfig.defaults(), BaselineFixtures.accuracy())
        .run(BaselineFixtures.piOverSlowLink(problem.widths(), LatencyGoal.fractionOfSegmentationOnly(0.7)));

    assertThatThrownBy(() -> OptimalityGap.of(search, search)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be an exhaustive result");
    SearchResult exhaustive = new ExhaustiveSearch().run(problem, SearchConfig.defaults(), BaselineFixtures.accuracy());
    assertThatThrownBy(() -> OptimalityGap.of(other, exhaustive)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("solve different problems");
  }
}
