package io.jointcs.search.latency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.jointcs.segmentation.NetworkCondition;
import io.jointcs.latency.network.SplitEstimate;
import io.jointcs.latency.network.SplitLatencyEstimator;
import io.jointcs.latency.prediction.FeatureSet;
import io.jointcs.latency.prediction.InvocationOverhead;
import io.jointcs.latency.prediction.LatencyPredictor;
import io.jointcs.latency.prediction.LayerFeatures;
import io.jointcs.latency.prediction.Prediction;
import io.jointcs.latency.prediction.PredictorKind;
import io.jointcs.latency.prediction.TrainingDomain;
import io.jointcs.model.Architecture;
import io.jointcs.model.ModelSpec;
import io.jointcs.model.NetworkPlan;
import io.jointcs.search.EndToEndLatency;
import io.jointcs.search.LatencyGoal;
import io.jointcs.search.LatencyModels;
import io.jointcs.search.Target;
import io.jointcs.search.TargetCut;
import io.jointcs.search.TargetSpec;
import io.jointcs.segmentation.CutQuantization;
import java.util.List;
import org.junit.jupiter.api.Test;

class PredictorLatencyModelTest {
  private static final NetworkPlan PLAN = ModelSpec.base(Architecture.RESNET20, 10).plan();

  /** Latency linear in MACs and bytes, flagged beyond 64 output channels; a per-invocation overhead law. */
  private record LinearPredictor(String deviceClass, double msPerMac, InvocationOverhead overhead)
      implements LatencyPredictor {
    @Override
    public PredictorKind kind() {
      return PredictorKind.LINEAR_REGRESSION;
    }

    @Override
    public FeatureSet featureSet() {
      throw new UnsupportedOperationException("not used by the search");
    }

    @Override
    public TrainingDomain domain() {
      throw new UnsupportedOperationException("not used by the search");
    }

    @Override
    public LatencyPredictor withOverhead(InvocationOverhead newOverhead) {
      return new LinearPredictor(deviceClass, msPerMac, newOverhead);
    }

    @Override
    public Prediction predict(LayerFeatures layer) {
      double ms = 0.01 + msPerMac * layer.macs() + 1e-7 * (layer.inputBytes() + layer.outputBytes());
      return new Prediction(ms, layer.outChannels() >= 64, "");
    }
  }

  private static final LinearPredictor PI = new LinearPredictor("pi", 5e-6, new InvocationOverhead(0.8, 0.02, 0.1));
  private static final LinearPredictor EDGE = new LinearPredictor("edge", 2e-7, new InvocationOverhead(0.3, 0.01, 0));

  @Test
  void batchedHeadsAndTailsEqualTheRangePredictionsOfThePredictor() {
    PredictorLatencyModel model = new PredictorLatencyModel(PI);

    double[] heads = model.headsMs(PLAN);
    double[] tails = model.tailsMs(PLAN);

    for (int c = 0; c <= PLAN.blockCount(); c++) {
      assertThat(heads[c]).isCloseTo(PI.predictBlocks(PLAN, 1, c).latencyMs(), within(1e-9));
      assertThat(tails[c]).isCloseTo(PI.predictBlocks(PLAN, c + 1, PLAN.blockCount()).latencyMs(), within(1e-9));
      assertThat(model.blocksMs(PLAN, 1, c)).isCloseTo(heads[c], within(1e-9));
    }
    assertThat(heads[0]).isZero();
    assertThat(model.extrapolatedPredictions()).isPositive();
    assertThat(model.layerPredictions()).isPositive();
  }

  @Test
  void byteTermOverheadsCostEachRangeItsOwnParametersAndOutputs() {
    // the CPU overhead law fitted on whole models has byte terms: they must follow the layers of each range
    LinearPredictor cpu = new LinearPredictor("cpu", 5e-6, new InvocationOverhead(0.2, 0.01, 0, 0.07, 0.16));
    PredictorLatencyModel model = new PredictorLatencyModel(cpu);

    double[] heads = model.headsMs(PLAN);
    double[] tails = model.tailsMs(PLAN);

    for (int c = 0; c <= PLAN.blockCount(); c++) {
      assertThat(heads[c]).isCloseTo(cpu.predictBlocks(PLAN, 1, c).latencyMs(), within(1e-9));
      assertThat(tails[c]).isCloseTo(cpu.predictBlocks(PLAN, c + 1, PLAN.blockCount()).latencyMs(), within(1e-9));
    }
    double withoutBytes = new PredictorLatencyModel(cpu.withOverhead(new InvocationOverhead(0.2, 0.01, 0)))
        .headsMs(PLAN)[PLAN.blockCount()];
    assertThat(heads[PLAN.blockCount()]).isGreaterThan(withoutBytes);
  }

  @Test
  void theSearchObjectiveAgreesWithTheLatencyModulesSplitEstimator() {
    NetworkCondition condition = NetworkCondition.ofMbps(4, 6);
    LatencyModels models = PredictorTargets.models(List.of(PI, EDGE));
    Target target = models.target(TargetSpec.of("pi", "edge", PredictorTargets.link("4mbps", condition),
        LatencyGoal.absoluteMs(10)));

    for (CutQuantization q : CutQuantization.values()) {
      SplitLatencyEstimator estimator = new SplitLatencyEstimator(PI, EDGE, condition, q.bits());
      List<TargetCut> ours = EndToEndLatency.allCuts(PLAN, target, q);
      List<SplitEstimate> theirs = estimator.all(PLAN);
      for (int c = 0; c <= PLAN.blockCount(); c++) {
        assertThat(ours.get(c).latencyMs()).as("cut %d, %s", c, q).isCloseTo(theirs.get(c).totalMs(), within(1e-9));
        assertThat(ours.get(c).cutBytes()).isEqualTo(theirs.get(c).cutBytes());
      }
      assertThat(EndToEndLatency.bestCut(PLAN, target, q).cutPoint()).isEqualTo(estimator.best(PLAN).cutPoint());
    }
  }

  @Test
  void twoPredictorsOfOneDeviceClassAreRefused() {
    assertThatThrownBy(() -> PredictorTargets.models(List.of(PI, PI.withOverhead(InvocationOverhead.NONE))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("two latency predictors for device class 'pi'; give the search one per class");
  }
}
