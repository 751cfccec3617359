package io.jointcs.plans;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jointcs.events.PlanReason;
import io.jointcs.model.Architecture;
import io.jointcs.model.ModelSpec;
import io.jointcs.search.LatencyModels;
import io.jointcs.search.MacsLatencyModel;
import io.jointcs.search.NetworkLink;
import io.jointcs.search.TargetCut;
import io.jointcs.segmentation.CutQuantization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DevicePlannerTest {
  private static final String SHA_A = "a".repeat(64);
  private static final String SHA_B = "b".repeat(64);
  private static final ModelSpec BASE = ModelSpec.base(Architecture.fromId("resnet20"), 10);
  private static final ModelSpec SLIM = ModelSpec.uniformlyScaled(Architecture.fromId("resnet20"), 10, 0.5);
  private static final DeployableModel BASE_MODEL =
      new DeployableModel("base", null, BASE, CutQuantization.NONE, 0.91, SHA_A);
  private static final DeployableModel SLIM_MODEL =
      new DeployableModel("s7", "search-1", SLIM, CutQuantization.NONE, 0.88, SHA_B);

  // a device of 500 MMAC/s (ResNet-20: about 80 ms) and an edge 4 times faster: uploading pays off on a fast link only
  private static final LatencyModels MODELS = LatencyModels.of(Map.of(
      "pi", new MacsLatencyModel(2.0, 0.05, 1.0),
      "edge", new MacsLatencyModel(0.5, 0.01, 0.5)));
  private static final NetworkLink FAST = NetworkLink.ofMbps("fast", 50, 20);
  private static final NetworkLink SLOW = NetworkLink.ofMbps("slow", 0.5, 20);

  private final DevicePlanner planner = new DevicePlanner(MODELS, "edge", 0.05);

  @Test
  void theBestCutMovesTowardsTheDeviceWhenTheUplinkSlowsDown() {
    TargetCut fast = planner.place(BASE_MODEL, "pi", FAST);
    TargetCut slow = planner.place(BASE_MODEL, "pi", SLOW);

    assertThat(slow.cutPoint()).isGreaterThan(fast.cutPoint());
    assertThat(fast.transferMs()).isPositive();
  }

  @Test
  void aPlanTakesTheMostAccurateModelThatMeetsTheGoalElseTheFastest() {
    double baseMs = planner.place(BASE_MODEL, "pi", SLOW).latencyMs();
    double slimMs = planner.place(SLIM_MODEL, "pi", SLOW).latencyMs();
    assertThat(slimMs).isLessThan(baseMs);

    DevicePlan generous = planner.plan("d1", "pi", SLOW, List.of(SLIM_MODEL, BASE_MODEL), baseMs * 1.01, 1,
        PlanReason.SEARCH_COMPLETED, "search done", 0);
    DevicePlan tight = planner.plan("d1", "pi", SLOW, List.of(BASE_MODEL, SLIM_MODEL), (baseMs + slimMs) / 2, 1,
        PlanReason.SEARCH_COMPLETED, "search done", 0);
    DevicePlan impossible = planner.plan("d1", "pi", SLOW, List.of(BASE_MODEL, SLIM_MODEL), slimMs / 2, 1,
        PlanReason.SEARCH_COMPLETED, "search done", 0);

    assertThat(generous.model()).isEqualTo(BASE_MODEL);
    assertThat(tight.model()).isEqualTo(SLIM_MODEL);
    assertThat(impossible.model()).isEqualTo(SLIM_MODEL);
    assertThat(impossible.reasonText()).contains("no model meets");
  }

  @Test
  void aBandwidthDropMovesTheCutAndBumpsTheVersion() {
    DevicePlan current = planner.plan("d1", "pi", FAST, List.of(BASE_MODEL), 1e9, 3, PlanReason.INITIAL, "first", 0);

    Resegmentation r = planner.resegment(current, SLOW, PlanReason.NETWORK_CHANGE, "uplink fell 100x", 42);

    assertThat(r.changed()).isTrue();
    DevicePlan next = r.newPlan();
    assertThat(next.version()).isEqualTo(4);
    assertThat(next.model()).isEqualTo(BASE_MODEL);
    assertThat(next.cut()).isEqualTo(planner.place(BASE_MODEL, "pi", SLOW));
    assertThat(next.cut().cutPoint()).isNotEqualTo(current.cut().cutPoint());
    assertThat(next.assumedNetwork()).isEqualTo(SLOW);
    assertThat(next.reason()).isEqualTo(PlanReason.NETWORK_CHANGE);
    assertThat(next.reasonText()).contains("uplink fell 100x").contains("moved the cut");
    assertThat(r.improvementRatio()).isGreaterThan(0.05);
    assertThat(r.currentCutNow().latencyMs()).isGreaterThan(r.bestCutNow().latencyMs());
  }

  @Test
  void aSmallWobbleOrAnUnchangedBestCutKeepsThePlan() {
    DevicePlan current = planner.plan("d1", "pi", FAST, List.of(BASE_MODEL), 1e9, 3, PlanReason.INITIAL, "first", 0);
    NetworkLink wobble = NetworkLink.ofMbps("fast", 48, 21);

    Resegmentation r = planner.resegment(current, wobble, PlanReason.NETWORK_CHANGE, "wobble", 1);

    assertThat(r.changed()).isFalse();
    assertThat(r.explanation()).contains("kept");
  }

  @Test
  void aGainBelowTheHysteresisKeepsThePlanThatZeroHysteresisWouldReplace() {
    DevicePlan current = planner.plan("d1", "pi", FAST, List.of(BASE_MODEL), 1e9, 1, PlanReason.INITIAL, "first", 0);
    Resegmentation eager = new DevicePlanner(MODELS, "edge", 0).resegment(current, SLOW, PlanReason.NETWORK_CHANGE,
        "x", 1);
    double gain = eager.improvementRatio();
    assertThat(eager.changed()).isTrue();

    Resegmentation reluctant = new DevicePlanner(MODELS, "edge", Math.min(0.99, gain + 0.01))
        .resegment(current, SLOW, PlanReason.NETWORK_CHANGE, "x", 1);

    assertThat(reluctant.changed()).isFalse();
  }

  @Test
  void newLatencyModelsReplaceTheCutWithoutANetworkChange() {
    DevicePlan current = planner.plan("d1", "pi", SLOW, List.of(BASE_MODEL), 1e9, 1, PlanReason.INITIAL, "first", 0);
    // the device turns out 20 times slower than predicted: running less on it pays off even on the slow link
    DevicePlanner updated = planner.withModels(LatencyModels.of(Map.of(
        "pi", new MacsLatencyModel(40.0, 0.05, 1.0),
        "edge", new MacsLatencyModel(0.5, 0.01, 0.5))));

    Resegmentation r = updated.resegment(current, SLOW, PlanReason.PREDICTOR_UPDATE, "predictor v2", 1);

    assertThat(r.changed()).isTrue();
    assertThat(r.newPlan().cut().cutPoint()).isLessThan(current.cut().cutPoint());
  }

  @Test
  void badConfigurationIsAClearError() {
    assertThatThrownBy(() -> new DevicePlanner(MODELS, "cloud", 0.05)).hasMessageContaining("edge class 'cloud'");
    assertThatThrownBy(() -> new DevicePlanner(MODELS, "edge", 1.0)).hasMessageContaining("hysteresis");
    assertThatThrownBy(() -> planner.place(BASE_MODEL, "phone", FAST)).hasMessageContaining("unknown device class 'phone'");
    assertThatThrownBy(() -> planner.plan("d1", "pi", FAST, List.of(), 1, 1, PlanReason.INITIAL, "x", 0))
        .hasMessageContaining("series is empty");
  }
}
