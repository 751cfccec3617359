package io.jointcs.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.jointcs.model.NetworkPlan;
import io.jointcs.search.evaluation.MacsProxyEvaluator;
import io.jointcs.segmentation.CutQuantization;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Device classes that run batches, and the emulated slowdown of a device's latency model. */
class BatchedAndEmulatedTargetTest {
  private static final NetworkPlan PLAN = Fixtures.RESNET20.plan();
  private static final MacsLatencyModel EDGE = MacsLatencyModel.ofThroughput(2000);

  /** A MACs model that says it runs batches of {@code batch} images. */
  private record Batched(MacsLatencyModel model, int batch) implements BlockLatencyModel {
    @Override
    public double blocksMs(NetworkPlan plan, int firstBlock, int lastBlock) {
      return batch * model.blocksMs(plan, firstBlock, lastBlock);
    }

    @Override
    public int batchSize() {
      return batch;
    }
  }

  @Test
  void aBatchedRequestSendsTheCutTensorOfEveryImage() {
    NetworkLink link = NetworkLink.ofMbps("10mbps", 10, 20);
    TargetSpec spec = TargetSpec.of("dev-b8", "edge-b8", link, LatencyGoal.absoluteMs(1e9));
    Target batched = new Target(spec, new Batched(MacsLatencyModel.ofThroughput(200), 8), new Batched(EDGE, 8));
    List<TargetCut> cuts = EndToEndLatency.allCuts(PLAN, batched, CutQuantization.NONE);
    TargetCut upload = cuts.get(0);
    assertThat(upload.cutBytes()).isEqualTo(8 * PLAN.cutBytes(0, 32));
    assertThat(upload.transferMs()).isCloseTo(8 * PLAN.cutBytes(0, 32) / 1.25e6 * 1e3 + 20, within(1e-9));
    assertThat(cuts.get(PLAN.blockCount()).cutBytes()).isZero();
  }

  @Test
  void deviceAndEdgeMustAgreeOnTheBatch() {
    TargetSpec spec = TargetSpec.of("dev-b8", "edge", NetworkLink.ofMbps("l", 10, 20), LatencyGoal.absoluteMs(10));
    assertThatThrownBy(() -> new Target(spec, new Batched(EDGE, 8), EDGE))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batches of 8")
        .hasMessageContaining("edge class 'edge' of 1");
  }

  @Test
  void emulatedSlowdownStretchesEveryHeadAndTail() {
    EmulatedSlowdownModel slow = new EmulatedSlowdownModel(EDGE, 15);
    double[] heads = slow.headsMs(PLAN);
    double[] tails = slow.tailsMs(PLAN);
    for (int c = 0; c <= PLAN.blockCount(); c++) {
      assertThat(heads[c]).isCloseTo(15 * EDGE.blocksMs(PLAN, 1, c), within(1e-9));
      assertThat(tails[c]).isCloseTo(15 * EDGE.blocksMs(PLAN, c + 1, PLAN.blockCount()), within(1e-9));
    }
    assertThatThrownBy(() -> new EmulatedSlowdownModel(EDGE, 0.5)).hasMessageContaining(">= 1");
  }

  @Test
  void proxyAccuracyFallsWithMacs() {
    MacsProxyEvaluator proxy = new MacsProxyEvaluator(Fixtures.RESNET20, 0.9, 0.5);
    assertThat(proxy.accuracy(Fixtures.RESNET20)).isEqualTo(0.9);
    assertThat(proxy.accuracy(Fixtures.RESNET20.withWidth(0, 8))).isLessThan(0.9).isGreaterThan(0.5);
  }
}
