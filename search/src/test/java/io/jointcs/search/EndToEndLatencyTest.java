package io.jointcs.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.jointcs.model.NetworkPlan;
import io.jointcs.segmentation.CutQuantization;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EndToEndLatencyTest {
  private static final NetworkPlan PLAN = Fixtures.RESNET20.plan();

  /** Device block b costs b ms, edge block b costs 0.1 b ms; 1 MB/s uplink, 5 ms rtt. */
  private static Target handTarget() {
    double[] device = new double[11];
    double[] edge = new double[11];
    for (int b = 1; b <= 11; b++) {
      device[b - 1] = b;
      edge[b - 1] = 0.1 * b;
    }
    return new Target(new TargetSpec("hand", "d", "e", new NetworkLink("1MBps", 1_000_000, 5),
        LatencyGoal.absoluteMs(10)), new TableLatencyModel(device), new TableLatencyModel(edge));
  }

  @Test
  void endToEndLatencyMatchesAHandComputation() {
    List<TargetCut> cuts = EndToEndLatency.allCuts(PLAN, handTarget(), CutQuantization.NONE);

    assertThat(cuts).hasSize(12);
    // c = 0: the 3x32x32 float image (12288 B) -> 12.288 ms + 5 ms rtt, then all 11 blocks on the edge (6.6 ms)
    assertThat(cuts.get(0).cutBytes()).isEqualTo(12_288);
    assertThat(cuts.get(0).latencyMs()).isCloseTo(12.288 + 5 + 6.6, within(1e-9));
    // c = 1: 1 ms on the device, the 16x32x32 stem output (65536 B), blocks 2..11 on the edge (6.5 ms)
    assertThat(cuts.get(1).latencyMs()).isCloseTo(1 + 65.536 + 5 + 6.5, within(1e-9));
    // c = 8: blocks 1..8 (36 ms), the 64x8x8 stage-3 output (16384 B), blocks 9..11 (3.0 ms)
    assertThat(cuts.get(8).headMs()).isCloseTo(36, within(1e-9));
    assertThat(cuts.get(8).transferMs()).isCloseTo(16.384 + 5, within(1e-9));
    assertThat(cuts.get(8).tailMs()).isCloseTo(3.0, within(1e-9));
    // c = B: everything on the device, nothing sent, no rtt
    assertThat(cuts.get(11).latencyMs()).isCloseTo(66, within(1e-9));
    assertThat(cuts.get(11).transferMs()).isZero();
    assertThat(cuts.get(11).cutBytes()).isZero();
    assertThat(EndToEndLatency.bestCut(PLAN, handTarget(), CutQuantization.NONE).cutPoint()).isZero();
  }

  @Test
  void anInt8CutSendsAQuarterOfTheBytesPlusScaleAndZeroPoint() {
    List<TargetCut> cuts = EndToEndLatency.allCuts(PLAN, handTarget(), CutQuantization.INT8);

    assertThat(cuts.get(8).cutBytes()).isEqualTo(4096 + 8);
    assertThat(cuts.get(8).latencyMs()).isCloseTo(36 + 4.104 + 5 + 3.0, within(1e-9));
    assertThat(cuts.get(0).latencyMs()).isCloseTo(3.080 + 5 + 6.6, within(1e-9));
    assertThat(cuts.get(11).latencyMs()).isCloseTo(66, within(1e-9));
  }

  @Test
  void theDeviceOnlyPolicyAlwaysCutsAfterTheLastBlock() {
    TargetCut cut = EndToEndLatency.cut(PLAN, handTarget(), CutQuantization.NONE, CutPolicy.DEVICE_ONLY);

    assertThat(cut.cutPoint()).isEqualTo(11);
    assertThat(cut.latencyMs()).isCloseTo(66, within(1e-9));
  }

  @Test
  void theBestCutIsTheBruteForceMinimumForRandomLatencies() {
    Random random = new Random(7);
    for (int trial = 0; trial < 200; trial++) {
      double[] device = new double[11];
      double[] edge = new double[11];
      for (int b = 0; b < 11; b++) {
        device[b] = random.nextDouble() * 20;
        edge[b] = random.nextDouble() * 4;
      }
      NetworkLink link = new NetworkLink("l", 1e4 + random.nextDouble() * 1e7, random.nextDouble() * 20);
      CutQuantization q = random.nextBoolean() ? CutQuantization.NONE : CutQuantization.INT8;
      Target target = new Target(new TargetSpec("t", "d", "e", link, LatencyGoal.absoluteMs(1)),
          new TableLatencyModel(device), new TableLatencyModel(edge));

      int bruteForceCut = -1;
      double bruteForceMs = Double.POSITIVE_INFINITY;
      for (int c = 0; c <= 11; c++) {
        double ms = 0;
        for (int b = 1; b <= c; b++) {
          ms += device[b - 1];
        }
        for (int b = c + 1; b <= 11; b++) {
          ms += edge[b - 1];
        }
        if (c < 11) {
          ms += PLAN.cutElements(c) * (q.bits() / 8.0) / link.uplinkBytesPerSec() * 1000
              + (q == CutQuantization.INT8 ? 8 / link.uplinkBytesPerSec() * 1000 : 0) + link.rttMs();
        }
        if (ms < bruteForceMs - 1e-9) {
          bruteForceMs = ms;
          bruteForceCut = c;
        }
      }
      TargetCut best = EndToEndLatency.bestCut(PLAN, target, q);
      assertThat(best.cutPoint()).as("trial %d", trial).isEqualTo(bruteForceCut);
      assertThat(best.latencyMs()).isCloseTo(bruteForceMs, within(1e-6));
    }
  }

  @Test
  void theMacsModelChargesMacsLayersAndOneInvocation() {
    MacsLatencyModel model = new MacsLatencyModel(2, 0.1, 1);

    // the stem: one 3x3 conv, 3 -> 16 channels at 32x32 = 442368 MACs
    assertThat(model.blocksMs(PLAN, 1, 1)).isCloseTo(1 + 0.1 + 2 * 0.442368, within(1e-12));
    assertThat(model.blocksMs(PLAN, 5, 4)).isZero();
    assertThat(model.headsMs(PLAN)[0]).isZero();
    assertThat(model.tailsMs(PLAN)[11]).isZero();
    assertThatThrownBy(() -> model.blocksMs(PLAN, 0, 3)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("block range 0..3 is not within 1..11");
  }

  @Test
  void aModelPredictingNonsenseIsNamed() {
    BlockLatencyModel broken = (plan, first, last) -> first == 1 && last == 3 ? Double.NaN : 1.0;
    Target target = new Target(new TargetSpec("t", "npu", "e", new NetworkLink("l", 1e6, 1), LatencyGoal.absoluteMs(1)),
        broken, broken);

    assertThatThrownBy(() -> EndToEndLatency.bestCut(PLAN, target, CutQuantization.NONE))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("latency model of 'npu'").hasMessageContaining("NaN ms for the head of cut 3");
  }
}
