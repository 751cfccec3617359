package io.jointcs.latency.prediction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.jointcs.model.Architecture;
import io.jointcs.model.LayerDescriptor;
import io.jointcs.model.ModelSpec;
import io.jointcs.model.NetworkPlan;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkPredictionTest {
  private static final NetworkPlan PLAN = ModelSpec.base(Architecture.RESNET20, 10).plan();

  /** A linear predictor fitted on the plan's own layers under the synthetic law (all six DNN kinds seen). */
  private static LatencyPredictor predictor(InvocationOverhead overhead) {
    List<LayerLatencySample> samples = new ArrayList<>();
    for (int batch : new int[] {1, 2, 4}) {
      for (LayerDescriptor d : PLAN.layers()) {
        LayerFeatures f = LayerFeatures.of(d, batch);
        samples.add(new LayerLatencySample("cpu", f, SyntheticLayers.lawMs(f) + 0.001, "resnet20", d.name()));
      }
    }
    return MacsLinearPredictor.train(samples, 1.5).withOverhead(overhead);
  }

  @Test
  void layerFeaturesFromTheDnnLibraryScaleWithTheBatch() {
    LayerDescriptor d = PLAN.layers().get(0);
    LayerFeatures one = LayerFeatures.of(d);
    LayerFeatures four = LayerFeatures.of(d, 4);
    assertThat(four.macs()).isEqualTo(4 * one.macs());
    assertThat(four.inputBytes()).isEqualTo(4 * d.inputBytes());
    assertThat(four.params()).isEqualTo(d.params());
    assertThat(one.kind()).isEqualTo(LayerKind.CONV);
  }

  @Test
  void headPlusTailIsTheWholeNetworkWithoutOverhead() {
    LatencyPredictor p = predictor(InvocationOverhead.NONE);
    double whole = p.predictNetwork(PLAN).latencyMs();
    for (int c = 0; c <= PLAN.blockCount(); c++) {
      double head = p.predictBlocks(PLAN, 1, c).latencyMs();
      double tail = p.predictBlocks(PLAN, c + 1, PLAN.blockCount()).latencyMs();
      assertThat(head + tail).isCloseTo(whole, within(1e-9 * whole));
    }
    assertThat(p.predictBlocks(PLAN, 1, 0).latencyMs()).isZero();
    assertThat(p.predictNetwork(PLAN).extrapolated()).isFalse();
  }

  @Test
  void theOverheadIsPaidOncePerInvocation() {
    InvocationOverhead overhead = new InvocationOverhead(2.0, 0.0, 0.0);
    LatencyPredictor plain = predictor(InvocationOverhead.NONE);
    LatencyPredictor withOverhead = predictor(overhead);
    double whole = plain.predictNetwork(PLAN).latencyMs();
    assertThat(withOverhead.predictNetwork(PLAN).latencyMs()).isCloseTo(whole + 2.0, within(1e-9));
    int c = 4;
    double split = withOverhead.predictBlocks(PLAN, 1, c).latencyMs()
        + withOverhead.predictBlocks(PLAN, c + 1, PLAN.blockCount()).latencyMs();
    assertThat(split).isCloseTo(whole + 4.0, within(1e-9));
  }

  @Test
  void overheadFitRecoversAKnownRuntimeOverhead() {
    List<ModelLatencyObservation> obs = new ArrayList<>();
    for (int i = 1; i <= 8; i++) {
      int layers = 10 * i;
      double sum = 3.0 * i + (i % 3);
      obs.add(new ModelLatencyObservation("m" + i, layers, sum, sum + 1.2 + 0.02 * layers + 0.1 * sum));
    }
    InvocationOverhead fit = InvocationOverhead.fit(obs);
    assertThat(fit.constantMs()).isCloseTo(1.2, within(1e-6));
    assertThat(fit.perLayerMs()).isCloseTo(0.02, within(1e-6));
    assertThat(fit.sumFraction()).isCloseTo(0.1, within(1e-6));
  }

  @Test
  void trainAndValidateHoldsOutWholeModels() {
    List<LayerLatencySample> samples = SyntheticLayers.samples("dev", 400, 0.02, 1, 41);
    TrainedPredictor t = PredictorTrainer.trainAndValidate(PredictorKind.LINEAR_REGRESSION, samples,
        PredictorTrainer.Options.defaults(), 3);
    HoldOutSplit split = HoldOutSplit.byModel(samples, 0.2, 42);
    assertThat(split.validationModels()).hasSize(8);
    assertThat(t.metrics().validationSampleCount()).isEqualTo(split.validation().size());
    assertThat(t.metrics().trainingSampleCount()).isEqualTo(split.training().size());
    assertThat(t.version()).isEqualTo(3);
  }
}
