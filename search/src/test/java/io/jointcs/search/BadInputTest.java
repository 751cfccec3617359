package io.jointcs.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jointcs.model.Architecture;
import io.jointcs.model.ModelSpec;
import io.jointcs.segmentation.CutQuantization;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BadInputTest {
  private static final LatencyGoal GOAL = LatencyGoal.fractionOfSegmentationOnly(0.5);

  @Test
  void anUnknownDeviceClassNamesTheKnownOnes() {
    TargetSpec spec = TargetSpec.of("rpi5", "edge", NetworkLink.ofMbps("wifi", 20, 3), GOAL);

    assertThatThrownBy(() -> Fixtures.MODELS.target(spec)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown device class 'rpi5': latency models exist for edge, jetson, pi");
    TargetSpec badEdge = TargetSpec.of("pi", "cloud", NetworkLink.ofMbps("wifi", 20, 3), GOAL);
    assertThatThrownBy(() -> Fixtures.MODELS.target(badEdge)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unknown edge class 'cloud'");
  }

  @Test
  void aMissingLatencyModelIsNamed() {
    Map<String, BlockLatencyModel> models = new HashMap<>();
    models.put("pi", null);
    TargetSpec spec = TargetSpec.of("pi", "edge", NetworkLink.ofMbps("wifi", 20, 3), GOAL);

    assertThatThrownBy(() -> LatencyModels.of(models)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("device class 'pi' is registered without a latency model");
    assertThatThrownBy(() -> new Target(spec, null, MacsLatencyModel.ofThroughput(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("target 'pi@wifi' has no latency model for device class 'pi'");
    assertThatThrownBy(() -> new Target(spec, MacsLatencyModel.ofThroughput(1), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("target 'pi@wifi' has no latency model for edge class 'edge'");
  }

  @Test
  void aModelOfAnotherArchitectureThanTheSearchIsRefused() {
    List<Target> targets = Fixtures.MODELS.targets(List.of(Fixtures.piOverSlowLink(GOAL)));
    WidthSpace vggSpace = WidthSpace.everyChannel(Architecture.VGG16_BN, 8);

    assertThatThrownBy(() -> new SearchProblem(Fixtures.RESNET20, targets, vggSpace))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the initial model is a resnet20 but the width space is for vgg16_bn");
    SplitObjective objective = SplitObjective.create(Fixtures.RESNET20, targets, CutPolicy.BEST_CUT, Aggregation.MAX);
    assertThatThrownBy(() -> objective.assess(ModelSpec.base(Architecture.RESNET32, 10), CutQuantization.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("model resnet32 with 10 classes does not belong to this search of resnet20");
  }

  @Test
  void targetsMustBeNamedOnceAndBePresent() {
    List<Target> twice = Fixtures.MODELS.targets(List.of(Fixtures.piOverSlowLink(GOAL), Fixtures.piOverSlowLink(GOAL)));

    assertThatThrownBy(() -> SearchProblem.of(Fixtures.RESNET20, twice)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("target name 'pi@2mbps' is used twice");
    assertThatThrownBy(() -> SearchProblem.of(Fixtures.RESNET20, List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("a search needs at least one target");
  }

  @Test
  void invalidSettingsAreRefusedWithTheirValue() {
    assertThatThrownBy(() -> SearchConfig.defaults().withBeamWidth(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("beam width must be >= 1, got 0");
    assertThatThrownBy(() -> SearchConfig.defaults().withFinalization(2, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a budget of >= 1 epoch");
    assertThatThrownBy(() -> StepSchedule.constant(1.0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("initial step must be in (0, 1), got 1.0");
    assertThatThrownBy(() -> LatencyGoal.fractionOfSegmentationOnly(1.5)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fraction must be in (0, 1]");
    assertThatThrownBy(() -> NetworkLink.ofMbps("dead", 0, 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("link 'dead': uplinkBytesPerSec must be finite and > 0");
    assertThatThrownBy(() -> WidthSpace.grid(Architecture.RESNET20, List.of(0.5), List.of(12)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("resnet20 has no channel group 12 (it has 12)");
    assertThatThrownBy(() -> new WidthSpace(Architecture.RESNET20, List.of(List.of(1))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has 12 channel groups");
    assertThatThrownBy(() -> SelectionRule.named("random")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown selection rule 'random'");
  }

  @Test
  void anEvaluatorAnsweringForUnknownCandidatesIsAnError() {
    SearchProblem problem = Fixtures.problem(Fixtures.piOverSlowLink(GOAL));
    AccuracyEvaluator confused = new AccuracyEvaluator() {
      @Override
      public List<CandidateEvaluation> evaluate(List<Candidate> candidates) {
        return List.of(new CandidateEvaluation("someone-else", 0.5, ""));
      }

      @Override
      public CandidateEvaluation finalizeModel(SeriesEntry entry, FineTuneBudget budget) {
        throw new AssertionError("not reached");
      }
    };

    assertThatThrownBy(() -> new ProgressiveSearch(SearchConfig.defaults(), confused).run(problem))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("accuracy evaluator returned a result for unknown candidate 'someone-else'");
    assertThatThrownBy(() -> new CandidateEvaluation("x", 1.5, "")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("accuracy of candidate 'x' must be in [0, 1], got 1.5");
  }

  @Test
  void aSeriesEntryWithoutTheAskedTargetSaysWhichItHas() {
    SearchResult result = new ProgressiveSearch(SearchConfig.defaults(), Fixtures.accuracy())
        .run(Fixtures.problem(Fixtures.piOverSlowLink(LatencyGoal.absoluteMs(1e6))));

    assertThatThrownBy(() -> result.chosen().cut("jetson@wifi")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("state 's0' has no cut for target 'jetson@wifi'; its targets are [pi@2mbps]");
    assertThat(result.front("pi@2mbps").points()).hasSize(1);
  }
}
