package io.jointcs.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointcs.model.LayerDescriptor;
import io.jointcs.model.ModelSpec;
import io.jointcs.model.NetworkPlan;
import io.jointcs.segmentation.CutQuantization;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class CandidateGeneratorTest {
  private static final double STEP = 0.05;

  private static SeriesEntry root(SplitObjective objective) {
    Assessment a = objective.assess(Fixtures.RESNET20, CutQuantization.NONE);
    return new SeriesEntry("s0", "", 0, SearchAction.initial(), Fixtures.RESNET20, CutQuantization.NONE, a.cuts(),
        a.normalizedLatency(), 0.9, "", null);
  }

  private static SplitObjective objective(SearchProblem problem) {
    return SplitObjective.create(problem.initial(), problem.targets(), CutPolicy.BEST_CUT, Aggregation.MAX);
  }

  @Test
  void eachCandidateIsTheWidestWidthMeetingTau() {
    SearchProblem problem = Fixtures.problem(Fixtures.piOverSlowLink(LatencyGoal.fractionOfSegmentationOnly(0.5)));
    SplitObjective objective = objective(problem);
    SeriesEntry root = root(objective);
    double tau = root.normalizedLatency() * (1 - STEP);
    CandidateGenerator generator = new CandidateGenerator(objective, problem.widths(), WidthSearch.LINEAR, false, 1);

    List<Candidate> candidates = generator.candidates(root, 0, 1, tau);

    assertThat(candidates).isNotEmpty();
    for (Candidate c : candidates) {
      int g = c.action().group();
      int width = c.spec().width(g);
      assertThat(c.normalizedLatency()).isLessThanOrEqualTo(tau);
      // every wider width below the current one misses tau
      for (int wider = width + 1; wider < Fixtures.RESNET20.width(g); wider++) {
        assertThat(objective.assess(Fixtures.RESNET20.withWidth(g, wider), CutQuantization.NONE).normalizedLatency())
            .as("group %d at width %d", g, wider).isGreaterThan(tau);
      }
      assertThat(c.parentId()).isEqualTo("s0");
      assertThat(c.id()).isEqualTo("s1.b0.g" + g + "-w" + width);
    }
    // groups without a candidate cannot reach tau even at one channel
    List<Integer> withCandidate = candidates.stream().map(c -> c.action().group()).toList();
    for (int g = 0; g < Fixtures.RESNET20_GROUPS; g++) {
      if (!withCandidate.contains(g)) {
        assertThat(objective.assess(Fixtures.RESNET20.withWidth(g, 1), CutQuantization.NONE).normalizedLatency())
            .isGreaterThan(tau);
      }
    }
  }

  @Test
  void bisectionAgreesWithTheLinearScanWhenLatencyIsMonotoneInWidth() {
    SearchProblem problem = Fixtures.problem(Fixtures.jetsonOverWifi(LatencyGoal.fractionOfSegmentationOnly(0.5)));
    SplitObjective objective = objective(problem);
    SeriesEntry root = root(objective);
    CandidateGenerator linear = new CandidateGenerator(objective, problem.widths(), WidthSearch.LINEAR, false, 1);
    CandidateGenerator binary = new CandidateGenerator(objective, problem.widths(), WidthSearch.BINARY, false, 1);

    for (double step : new double[] {0.01, 0.05, 0.2, 0.6}) {
      double tau = root.normalizedLatency() * (1 - step);
      for (int g = 0; g < Fixtures.RESNET20_GROUPS; g++) {
        assertThat(binary.widestMeeting(Fixtures.RESNET20, CutQuantization.NONE, g, tau))
            .as("group %d, step %s", g, step)
            .isEqualTo(linear.widestMeeting(Fixtures.RESNET20, CutQuantization.NONE, g, tau));
      }
    }
  }

  /** MAC-proportional, but a layer whose output channels are not a multiple of 8 pays 0.5 ms (vector lanes). */
  private record LaneAwareModel(MacsLatencyModel macs) implements BlockLatencyModel {
    @Override
    public double blocksMs(NetworkPlan plan, int firstBlock, int lastBlock) {
      double ms = macs.blocksMs(plan, firstBlock, lastBlock);
      for (int b = firstBlock; b <= lastBlock; b++) {
        for (LayerDescriptor layer : plan.block(b).layers()) {
          ms += layer.outChannels() % 8 == 0 ? 0 : 0.5;
        }
      }
      return ms;
    }
  }

  @Test
  void theLinearScanIsExactForLatencyModelsThatAreNotMonotoneInWidth() {
    BlockLatencyModel device = new LaneAwareModel(MacsLatencyModel.ofThroughput(1000));
    Target target = new Target(TargetSpec.of("npu", "npu", NetworkLink.ofMbps("l", 10, 1), LatencyGoal.absoluteMs(5)),
        device, device);
    SearchProblem problem = SearchProblem.of(Fixtures.RESNET20, List.of(target));
    SplitObjective objective = objective(problem);
    SeriesEntry root = root(objective);
    CandidateGenerator linear = new CandidateGenerator(objective, problem.widths(), WidthSearch.LINEAR, false, 1);
    CandidateGenerator binary = new CandidateGenerator(objective, problem.widths(), WidthSearch.BINARY, false, 1);
    double tau = root.normalizedLatency() * 0.97;

    for (int g = 0; g < Fixtures.RESNET20_GROUPS; g++) {
      int bruteForce = -1;
      for (int w = 1; w < Fixtures.RESNET20.width(g); w++) {
        if (objective.assess(Fixtures.RESNET20.withWidth(g, w), CutQuantization.NONE).normalizedLatency() <= tau) {
          bruteForce = w;
        }
      }
      OptionalInt exact = linear.widestMeeting(Fixtures.RESNET20, CutQuantization.NONE, g, tau);
      assertThat(exact.orElse(-1)).as("group %d", g).isEqualTo(bruteForce);
      // bisection still only proposes widths that meet tau, but may miss the widest
      OptionalInt bisected = binary.widestMeeting(Fixtures.RESNET20, CutQuantization.NONE, g, tau);
      if (bisected.isPresent()) {
        assertThat(bisected.getAsInt()).isLessThanOrEqualTo(exact.getAsInt());
        assertThat(objective.assess(Fixtures.RESNET20.withWidth(g, bisected.getAsInt()), CutQuantization.NONE)
            .normalizedLatency()).isLessThanOrEqualTo(tau);
      }
    }
  }

  @Test
  void frozenGroupsGetNoCandidateAndGridWidthsAreRespected() {
    WidthSpace grid = WidthSpace.grid(Fixtures.RESNET20.architecture(), List.of(0.25, 0.5, 0.75, 1.0), List.of(2));
    SearchProblem problem = Fixtures.problem(grid, Fixtures.piOverSlowLink(LatencyGoal.fractionOfSegmentationOnly(0.5)));
    SplitObjective objective = objective(problem);
    CandidateGenerator generator = new CandidateGenerator(objective, grid, WidthSearch.LINEAR, false, 1);
    SeriesEntry root = root(objective);

    List<Candidate> candidates = generator.candidates(root, 0, 1, root.normalizedLatency() * 0.999);

    assertThat(candidates).extracting(c -> c.action().group()).containsOnly(2);
    assertThat(candidates).extracting(c -> c.spec().width(2)).allMatch(w -> List.of(16, 32, 48).contains(w));
  }

  @Test
  void theInt8CutIsOfferedOnlyWhenItMeetsTauAndIsEnabled() {
    SearchProblem problem = Fixtures.problem(Fixtures.piOverSlowLink(LatencyGoal.fractionOfSegmentationOnly(0.5)));
    SplitObjective objective = objective(problem);
    SeriesEntry root = root(objective);
    double int8 = objective.assess(Fixtures.RESNET20, CutQuantization.INT8).normalizedLatency();
    CandidateGenerator offering = new CandidateGenerator(objective, problem.widths(), WidthSearch.LINEAR, true, 1);
    CandidateGenerator notOffering = new CandidateGenerator(objective, problem.widths(), WidthSearch.LINEAR, false, 1);

    // the unpruned model uploads the image (c = 0): quantizing it cuts the transfer to a quarter
    assertThat(int8).isLessThan(root.normalizedLatency());
    assertThat(offering.candidates(root, 0, 1, int8)).last().satisfies(c -> {
      assertThat(c.action().kind()).isEqualTo(SearchAction.Kind.QUANTIZE_CUT);
      assertThat(c.quantization()).isEqualTo(CutQuantization.INT8);
      assertThat(c.spec()).isEqualTo(Fixtures.RESNET20);
      assertThat(c.id()).isEqualTo("s1.b0.int8");
    });
    assertThat(offering.candidates(root, 0, 1, int8 * 0.999))
        .noneMatch(c -> c.action().kind() == SearchAction.Kind.QUANTIZE_CUT);
    assertThat(notOffering.candidates(root, 0, 1, int8))
        .noneMatch(c -> c.action().kind() == SearchAction.Kind.QUANTIZE_CUT);
  }

  @Test
  void candidateSeedsDependOnlyOnTheSearchSeedAndTheId() {
    assertThat(Candidate.seedFor(3, "s1.b0.g2-w40")).isEqualTo(Candidate.seedFor(3, "s1.b0.g2-w40"))
        .isNotEqualTo(Candidate.seedFor(4, "s1.b0.g2-w40")).isNotEqualTo(Candidate.seedFor(3, "s1.b0.g2-w39"));
    ModelSpec narrower = Fixtures.RESNET20.withWidth(0, 8);
    assertThat(narrower.fitsWithin(Fixtures.RESNET20)).isTrue();
  }
}
