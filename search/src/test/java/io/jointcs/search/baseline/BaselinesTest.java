package io.jointcs.search.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jointcs.model.ModelSpec;
import io.jointcs.search.AccuracyEvaluator;
import io.jointcs.search.BaselineFixtures;
import io.jointcs.search.EndToEndLatency;
import io.jointcs.search.LatencyGoal;
import io.jointcs.search.ProgressiveSearch;
import io.jointcs.search.SearchConfig;
import io.jointcs.search.SearchListener;
import io.jointcs.search.SearchProblem;
import io.jointcs.search.SearchResult;
import io.jointcs.search.SeriesEntry;
import io.jointcs.search.Target;
import io.jointcs.search.TargetCut;
import io.jointcs.search.report.LatencyReduction;
import io.jointcs.segmentation.CutQuantization;
import java.util.List;
import org.junit.jupiter.api.Test;

class BaselinesTest {
  private static final LatencyGoal GOAL = LatencyGoal.fractionOfSegmentationOnly(0.6);
  private static final int B = 11;

  @Test
  void segmentationOnlyIsTheUnprunedModelAtItsBestCut() {
    SearchProblem problem = BaselineFixtures.piAndJetson(GOAL);

    SearchResult result = SegmentationOnly.run(problem, SearchConfig.defaults(), BaselineFixtures.accuracy());

    assertThat(result.series()).singleElement().satisfies(e -> {
      assertThat(e.spec()).isEqualTo(problem.initial());
      assertThat(e.quantization()).isEqualTo(CutQuantization.NONE);
      for (Target t : problem.targets()) {
        assertThat(e.cut(t.name())).isEqualTo(EndToEndLatency.bestCut(problem.initial().plan(), t,
            CutQuantization.NONE));
      }
    });
    // the goal is 60% of exactly this latency
    assertThat(result.goalReached()).isFalse();
    assertThat(result.message()).startsWith("latency goal NOT reached: segmentation alone cannot reach it");
  }

  @Test
  void compressionOnlyKeepsEveryModelOnTheDevice() {
    SearchProblem problem = BaselineFixtures.piOverSlowLink(GOAL);

    SearchResult result = CompressionOnly.run(problem, SearchConfig.defaults(), BaselineFixtures.accuracy(),
        SearchListener.NONE);

    assertThat(result.method()).isEqualTo("compression-only");
    assertThat(result.goalReached()).isTrue();
    assertThat(result.series()).allSatisfy(e -> {
      assertThat(e.cuts()).extracting(TargetCut::cutPoint).containsOnly(B);
      assertThat(e.quantization()).isEqualTo(CutQuantization.NONE);
    });
    // same absolute goal as the joint search: resolved against the segmentation-only latency
    SearchResult joint = new ProgressiveSearch(SearchConfig.defaults(), BaselineFixtures.accuracy()).run(problem);
    assertThat(result.goalsMs()).isEqualTo(joint.goalsMs());
  }

  @Test
  void compressThenSegmentRePlacesTheCompressionSeries() {
    SearchProblem problem = BaselineFixtures.piOverSlowLink(GOAL);
    AccuracyEvaluator evaluator = BaselineFixtures.accuracy();
    SearchResult compression = CompressionOnly.run(problem, SearchConfig.defaults(), evaluator, SearchListener.NONE);

    SearchResult result = CompressThenSegment.resegment(compression, problem);

    assertThat(result.series()).hasSameSizeAs(compression.series());
    Target target = problem.targets().get(0);
    for (int i = 0; i < result.series().size(); i++) {
      SeriesEntry placed = result.series().get(i);
      SeriesEntry compressed = compression.series().get(i);
      assertThat(placed.spec()).isEqualTo(compressed.spec());
      assertThat(placed.accuracy()).isEqualTo(compressed.accuracy());
      assertThat(placed.cuts().get(0))
          .isEqualTo(EndToEndLatency.bestCut(placed.spec().plan(), target, CutQuantization.NONE));
      assertThat(placed.cuts().get(0).latencyMs()).isLessThanOrEqualTo(compressed.cuts().get(0).latencyMs());
    }
    // the most accurate re-placed model meeting the goal; no evaluation beyond the compression search
    SeriesEntry chosen = result.chosen();
    assertThat(chosen.meetsGoal()).isTrue();
    assertThat(result.series()).filteredOn(SeriesEntry::meetsGoal)
        .allMatch(e -> e.accuracy() <= chosen.accuracy());
    assertThat(result.cost().candidatesEvaluated()).isEqualTo(compression.cost().candidatesEvaluated());
  }

  /**
   * Pi over 2 Mbit/s with a 10x faster edge: the unpruned model uploads the image (c = 0). Narrowing stage 1
   * shrinks the stem's output below the image, which only an objective that re-chooses the cut sees; NetAdapt
   * prunes for device latency and re-cuts afterwards.
   */
  @Test
  void jointSearchBeatsCompressThenSegmentWhenTheLinkMakesAMiddleCutAttractive() {
    SearchProblem problem = BaselineFixtures.piOverSlowLink(GOAL);
    SearchConfig config = SearchConfig.defaults().withQuantizeCutAction(false);
    AccuracyEvaluator evaluator = BaselineFixtures.accuracy();

    SearchResult joint = new ProgressiveSearch(config, evaluator).run(problem);
    SearchResult segmentation = SegmentationOnly.run(problem, config, evaluator);
    SearchResult compressThenSegment = CompressThenSegment.run(problem, config, evaluator, SearchListener.NONE);

    String target = problem.targets().get(0).name();
    assertThat(segmentation.chosen().cut(target).cutPoint()).isZero();
    assertThat(joint.chosen().cut(target).cutPoint()).isStrictlyBetween(0, B);
    assertThat(joint.goalReached()).isTrue();
    assertThat(compressThenSegment.goalReached()).isTrue();
    assertThat(joint.chosen().accuracy()).isGreaterThan(compressThenSegment.chosen().accuracy() + 0.005);
    LatencyReduction headline = LatencyReduction.of(joint, List.of(segmentation, compressThenSegment), target);
    assertThat(headline.bestBaseline()).isEqualTo("compress-then-segment");
    assertThat(headline.reduction()).isGreaterThan(0.1);
  }

  @Test
  void theComparisonRunsEveryMethodWithTheSameGoals() {
    SearchProblem problem = BaselineFixtures.piAndJetson(GOAL);

    var report = MethodComparison.run("resnet20, analytic latency", problem, SearchConfig.defaults(),
        BaselineFixtures.accuracy(), SearchListener.NONE);

    assertThat(report.results()).extracting(SearchResult::method)
        .containsExactly("jointcs-greedy", "segmentation-only", "compression-only", "compress-then-segment");
    assertThat(report.results()).extracting(SearchResult::goalsMs).containsOnly(report.results().get(0).goalsMs());
  }

  @Test
  void compressThenSegmentRefusesAResultOfAnotherProblem() {
    SearchProblem problem = BaselineFixtures.piOverSlowLink(GOAL);
    SearchResult compression = CompressionOnly.run(problem, SearchConfig.defaults(), BaselineFixtures.accuracy(),
        SearchListener.NONE);

    assertThatThrownBy(() -> CompressThenSegment.resegment(compression, BaselineFixtures.piAndJetson(GOAL)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("was computed for targets [pi@2mbps], not for the problem's [pi@2mbps, jetson@wifi]");
    SearchProblem other = new SearchProblem(ModelSpec.uniformlyScaled(problem.initial().architecture(), 10, 0.5),
        problem.targets(), problem.widths());
    assertThatThrownBy(() -> CompressThenSegment.resegment(compression, other))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("the compression-only result starts from");
  }
}
