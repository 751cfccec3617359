package io.jointcs.plans;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jointcs.events.ArtifactRef;
import io.jointcs.events.DeploymentPlan;
import io.jointcs.events.PlanReason;
import io.jointcs.events.codec.EventCodec;
import io.jointcs.model.Architecture;
import io.jointcs.model.ModelSpec;
import io.jointcs.search.LatencyModels;
import io.jointcs.search.MacsLatencyModel;
import io.jointcs.search.NetworkLink;
import io.jointcs.segmentation.CutQuantization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanEventsTest {
  private static final String SHA = "c".repeat(64);
  private static final ModelSpec SPEC = ModelSpec.uniformlyScaled(Architecture.fromId("resnet20"), 10, 0.75);
  private static final DeployableModel MODEL =
      new DeployableModel("s3", "search-9", SPEC, CutQuantization.INT8, 0.875, SHA);
  private static final DevicePlanner PLANNER = new DevicePlanner(LatencyModels.of(Map.of(
      "pi", new MacsLatencyModel(2.0, 0.05, 1.0), "edge", new MacsLatencyModel(0.5, 0.01, 0.5))), "edge", 0.05);
  private static final ArtifactRef MODEL_REF =
      ArtifactRef.newBuilder().setRef("sha256/" + SHA + ".jcsm").setSha256(SHA).setSizeBytes(1000).build();
  private static final ArtifactRef HEAD_REF = ArtifactRef.newBuilder().setRef("sha256/" + "d".repeat(64) + ".jcsm")
      .setSha256("d".repeat(64)).setSizeBytes(300).build();

  @Test
  void aPlanSurvivesTheEventAndTheWireExceptItsSeriesStateId() throws Exception {
    DevicePlan plan = PLANNER.plan("pi-7", "pi", NetworkLink.ofMbps("wifi", 0.5, 20), List.of(MODEL), 1e9, 5,
        PlanReason.SEARCH_COMPLETED, "search search-9 completed", 1234);
    assertThat(plan.cut().cutPoint()).isPositive();

    DeploymentPlan event = PlanEvents.toEvent(plan, MODEL_REF, HEAD_REF, false);
    EventCodec<DeploymentPlan> codec = EventCodec.of(DeploymentPlan.class);
    DevicePlan back = PlanEvents.fromEvent(codec.decode(codec.encode(event)), SPEC);

    assertThat(event.getBlockCount()).isEqualTo(SPEC.plan().blockCount());
    assertThat(event.getPredictedLatency().getTotalMs()).isEqualTo(plan.predictedLatencyMs());
    assertThat(back.cut()).isEqualTo(plan.cut());
    assertThat(back.version()).isEqualTo(5);
    assertThat(back.assumedNetwork()).isEqualTo(plan.assumedNetwork());
    assertThat(back.model().spec()).isEqualTo(SPEC);
    assertThat(back.model().quantization()).isEqualTo(CutQuantization.INT8);
    assertThat(back.model().accuracy()).isEqualTo(0.875);
    assertThat(back.model().searchId()).isEqualTo("search-9");
    assertThat(back.model().modelId()).isEqualTo("sha256:cccccccccccc");
    assertThat(back.reasonText()).isEqualTo(plan.reasonText());
  }

  @Test
  void theHeadReferenceMustMatchTheCutAndTheModelReferenceTheModel() {
    DevicePlan plan = PLANNER.plan("pi-7", "pi", NetworkLink.ofMbps("wifi", 0.5, 20), List.of(MODEL), 1e9, 1,
        PlanReason.INITIAL, "first", 0);

    assertThatThrownBy(() -> PlanEvents.toEvent(plan, MODEL_REF, null, false)).hasMessageContaining("needs the head");
    assertThatThrownBy(() -> PlanEvents.toEvent(plan, HEAD_REF, HEAD_REF, false))
        .hasMessageContaining("is for artifact " + SHA);
  }

  @Test
  void anEventWhoseCutDoesNotFitTheModelIsRejected() {
    DevicePlan plan = PLANNER.plan("pi-7", "pi", NetworkLink.ofMbps("wifi", 0.5, 20), List.of(MODEL), 1e9, 1,
        PlanReason.INITIAL, "first", 0);
    DeploymentPlan event = PlanEvents.toEvent(plan, MODEL_REF, HEAD_REF, false);
    ModelSpec other = ModelSpec.base(Architecture.fromId("resnet32"), 10);

    assertThatThrownBy(() -> PlanEvents.fromEvent(event, other)).hasMessageContaining("resnet32 has");
  }
}
