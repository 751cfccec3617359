package io.jointcs.latency.network;

import io.jointcs.segmentation.NetworkCondition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.jointcs.latency.prediction.LatencyPredictor;
import io.jointcs.latency.prediction.LayerFeatures;
import io.jointcs.latency.prediction.LayerLatencySample;
import io.jointcs.latency.prediction.MacsLinearPredictor;
import io.jointcs.model.Architecture;
import io.jointcs.model.LayerDescriptor;
import io.jointcs.model.ModelSpec;
import io.jointcs.model.NetworkPlan;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class SplitLatencyEstimatorTest {
  private static final NetworkPlan PLAN = ModelSpec.base(Architecture.RESNET20, 10).plan();

  /** A device class {@code slowdown} times slower than 1 ms per GMAC + 0.1 ms per MB moved. */
  private static LatencyPredictor predictor(String device, double slowdown) {
    List<LayerLatencySample> samples = new ArrayList<>();
    for (LayerDescriptor d : PLAN.layers()) {
      for (int batch : new int[] {1, 2}) {
        LayerFeatures f = LayerFeatures.of(d, batch);
        double ms = slowdown * (1e-6 * f.macs() + 1e-7 * (f.inputBytes() + f.outputBytes()) + 0.01);
        samples.add(new LayerLatencySample(device, f, ms, "resnet20", d.name()));
      }
    }
    return MacsLinearPredictor.train(samples, 1.5);
  }

  @Test
  void endToEndLatencyFollowsTheObjectiveAndTheBestCutIsTheMinimum() {
    LatencyPredictor device = predictor("pi", 20);
    LatencyPredictor edge = predictor("edge", 1);
    NetworkCondition network = NetworkCondition.ofMbps(20, 10);
    SplitLatencyEstimator estimator = new SplitLatencyEstimator(device, edge, network, 32);
    List<SplitEstimate> all = estimator.all(PLAN);
    assertThat(all).hasSize(PLAN.blockCount() + 1);
    for (SplitEstimate e : all) {
      int c = e.cutPoint();
      double head = device.predictBlocks(PLAN, 1, c).latencyMs();
      double tail = edge.predictBlocks(PLAN, c + 1, PLAN.blockCount()).latencyMs();
      double transfer = c < PLAN.blockCount() ? network.transferMs(PLAN.cutBytes(c, 32)) : 0;
      assertThat(e.totalMs()).isCloseTo(head + transfer + tail, within(1e-9));
    }
    assertThat(all.get(PLAN.blockCount()).transferMs()).isZero();
    assertThat(all.get(0).headMs()).isZero();
    SplitEstimate best = estimator.best(PLAN);
    assertThat(best.totalMs()).isEqualTo(all.stream().mapToDouble(SplitEstimate::totalMs).min().orElseThrow());
  }

  @Test
  void aQuantizedCutSendsAQuarterOfTheBytes() {
    LatencyPredictor p = predictor("pi", 1);
    NetworkCondition slow = NetworkCondition.ofMbps(1, 0);
    SplitEstimate fp32 = new SplitLatencyEstimator(p, p, slow, 32).estimate(PLAN, 3);
    SplitEstimate int8 = new SplitLatencyEstimator(p, p, slow, 8).estimate(PLAN, 3);
    assertThat(int8.cutBytes()).isEqualTo(fp32.cutBytes() / 4 + 8);
    assertThat(int8.transferMs()).isLessThan(fp32.transferMs() / 3);
    assertThat(List.of(fp32, int8)).isSortedAccordingTo(Comparator.comparingDouble(SplitEstimate::totalMs)
        .reversed());
  }
}
