package io.jointcs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointcs.model.Architecture;
import io.jointcs.model.ModelSpec;
import io.jointcs.search.LatencyGoal;
import io.jointcs.search.NetworkLink;
import io.jointcs.search.SearchAction;
import io.jointcs.search.SearchCost;
import io.jointcs.search.SearchResult;
import io.jointcs.search.SeriesEntry;
import io.jointcs.search.TargetCut;
import io.jointcs.search.TargetSpec;
import io.jointcs.segmentation.CutQuantization;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The equal-accuracy rule: never a pair whose accuracies differ by more than the tolerance in JointCS's favour. */
class EqualAccuracyTest {
  private static final ModelSpec SPEC = ModelSpec.base(Architecture.RESNET20, 10);
  private static final TargetSpec TARGET = new TargetSpec("t", "dev", "edge", NetworkLink.ofMbps("l", 10, 20),
      LatencyGoal.absoluteMs(10));

  private static SeriesEntry entry(String id, double accuracy, double latencyMs) {
    return new SeriesEntry(id, "", 0, SearchAction.initial(), SPEC, CutQuantization.NONE,
        List.of(TargetCut.of("t", 0, 0, 0, latencyMs, 0)), 1, accuracy, "", null);
  }

  private static SearchResult result(String method, SeriesEntry... series) {
    return new SearchResult(method, null, SPEC, List.of(TARGET), List.of(10.0), Arrays.asList(series),
        series[series.length - 1].id(), false, "", List.of(), new SearchCost(0, 0, series.length, 0, 0));
  }

  private static EqualAccuracy row(List<EqualAccuracy> rows, String jointId, String baseline) {
    return rows.stream().filter(r -> r.jointId().equals(jointId) && r.baseline().equals(baseline)).findFirst()
        .orElseThrow();
  }

  @Test
  void aFarMoreAccurateSlowerModelIsNoComparisonAndAFasterOneDominates() {
    SearchResult joint = result("jointcs-greedy", entry("j0", 0.875, 100), entry("j1", 0.21, 50));
    SearchResult unpruned = result("segmentation-only", entry("s0", 0.875, 100));
    SearchResult fast = result("compression-only", entry("c0", 0.875, 120), entry("c1", 0.86, 40));
    List<EqualAccuracy> rows = EqualAccuracy.compare("t", joint, List.of(unpruned, fast), (e, t) -> null);

    // 0.21 against 0.875: the unpruned model is far more accurate and slower, so there is nothing to compare
    EqualAccuracy none = row(rows, "j1", "segmentation-only");
    assertThat(none.pairing()).isEqualTo(EqualAccuracy.Pairing.NO_COMPARABLE_MODEL);
    assertThat(none.predictedReduction()).isNull();
    // a baseline model 65 points more accurate and faster dominates JointCS: reported, with its gap and a loss
    EqualAccuracy dominated = row(rows, "j1", "compression-only");
    assertThat(dominated.pairing()).isEqualTo(EqualAccuracy.Pairing.BASELINE_DOMINATES);
    assertThat(dominated.accuracyGap()).isCloseTo(0.65, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(dominated.predictedReduction()).isNegative();
    // the same model: equal accuracy, no reduction
    EqualAccuracy same = row(rows, "j0", "segmentation-only");
    assertThat(same.pairing()).isEqualTo(EqualAccuracy.Pairing.EQUAL_ACCURACY);
    assertThat(same.predictedReduction()).isZero();
  }

  @Test
  void aMoreAccurateAndFasterJointcsModelDominatesTheBaselinesMostAccurateModel() {
    // an INT8 cut tensor: 0.6 points more accurate than the unpruned model (noise) and half its latency
    SearchResult joint = result("jointcs-greedy", entry("j0", 0.844, 100), entry("j1", 0.850, 50));
    SearchResult unpruned = result("segmentation-only", entry("s0", 0.844, 100));
    SearchResult faster = result("compression-only", entry("c0", 0.844, 100), entry("c1", 0.70, 40));
    List<EqualAccuracy> rows = EqualAccuracy.compare("t", joint, List.of(unpruned, faster), (e, t) -> e.id()
        .equals("j1") ? 60.0 : 120.0);

    EqualAccuracy better = row(rows, "j1", "segmentation-only");
    assertThat(better.pairing()).isEqualTo(EqualAccuracy.Pairing.JOINTCS_DOMINATES);
    assertThat(better.baselineId()).isEqualTo("s0");
    assertThat(better.accuracyGap()).isCloseTo(-0.006, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(better.predictedReduction()).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(better.measuredReduction()).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
    // against the most accurate compression-only model (c0, not the faster, far less accurate c1)
    assertThat(row(rows, "j1", "compression-only").baselineId()).isEqualTo("c0");
    // it is the headline pair of its baseline
    assertThat(EqualAccuracy.bestPairs(rows)).filteredOn(r -> r.baseline().equals("segmentation-only"))
        .singleElement().extracting(EqualAccuracy::jointId).isEqualTo("j1");

    // more accurate but slower than the baseline's best model: nothing to compare
    SearchResult slow = result("jointcs-greedy", entry("j2", 0.90, 150));
    assertThat(EqualAccuracy.compare("t", slow, List.of(unpruned), (e, t) -> null).get(0).pairing())
        .isEqualTo(EqualAccuracy.Pairing.NO_COMPARABLE_MODEL);
  }

  @Test
  void theBaselineLatencyIsItsFastestModelWithinTheBand() {
    SearchResult joint = result("jointcs-greedy", entry("j", 0.80, 60));
    // 0.797 is within 0.5 points below, 0.79 is not; 0.804 is within above; the fastest in the band wins
    SearchResult baseline = result("compress-then-segment", entry("b0", 0.804, 90), entry("b1", 0.797, 80),
        entry("b2", 0.79, 30));
    List<EqualAccuracy> rows = EqualAccuracy.compare("t", joint, List.of(baseline), (e, t) -> e.id().equals("j")
        ? 45.0 : 90.0);
    EqualAccuracy pair = row(rows, "j", "compress-then-segment");
    assertThat(pair.pairing()).isEqualTo(EqualAccuracy.Pairing.EQUAL_ACCURACY);
    assertThat(pair.baselineId()).isEqualTo("b1");
    assertThat(Math.abs(pair.accuracyGap())).isLessThanOrEqualTo(EqualAccuracy.TOLERANCE);
    assertThat(pair.predictedReduction()).isCloseTo(1 - 60.0 / 80, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(pair.measuredReduction()).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
    // the union of baselines is compared too
    assertThat(row(rows, "j", EqualAccuracy.BEST_BASELINE).baselineId()).isEqualTo("b1");
  }

  @Test
  void theBestPairPerBaselineIsAnEqualAccuracyOneWhenThereIsOne() {
    SearchResult joint = result("jointcs-greedy", entry("j0", 0.875, 100), entry("j1", 0.85, 70),
        entry("j2", 0.30, 40));
    SearchResult baseline = result("compression-only", entry("c0", 0.875, 150), entry("c1", 0.852, 110));
    List<EqualAccuracy> best = EqualAccuracy.bestPairs(EqualAccuracy.compare("t", joint, List.of(baseline),
        (e, t) -> null));
    EqualAccuracy headline = best.stream().filter(r -> r.baseline().equals("compression-only")).findFirst()
        .orElseThrow();
    assertThat(headline.jointId()).isEqualTo("j1");
    assertThat(headline.baselineId()).isEqualTo("c1");
    assertThat(headline.predictedReduction()).isCloseTo(1 - 70.0 / 110, org.assertj.core.data.Offset.offset(1e-9));
  }
}
