package io.jointcs.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointcs.events.ArtifactRef;
import io.jointcs.events.CutQuantization;
import io.jointcs.events.DeploymentPlan;
import io.jointcs.events.LatencyBreakdown;
import io.jointcs.events.NetworkCondition;
import io.jointcs.events.PlanReason;
import org.junit.jupiter.api.Test;

class PlanSelectorTest {
  private static final String SHA = "a".repeat(64);

  private static DeploymentPlan plan(String deviceId, long version, int cut) {
    return DeploymentPlan.newBuilder().setPlanVersion(version).setDeviceId(deviceId).setDeviceClass("cpu-1t")
        .setEmulated(false).setModel(ArtifactRef.newBuilder().setRef("r").setSha256(SHA).setSizeBytes(1).build())
        .setHead(null).setCutPoint(cut).setBlockCount(10).setCutQuantization(CutQuantization.NONE)
        .setAssumedNetwork(NetworkCondition.newBuilder().setName("n").setUplinkBandwidthBytesPerSec(1e6).setRttMs(1)
            .build())
        .setPredictedLatency(LatencyBreakdown.newBuilder().setDeviceMs(1).setTransferMs(1).setEdgeMs(1)
            .setTotalMs(3).build())
        .setExpectedAccuracy(0.9).setReason(PlanReason.INITIAL).setReasonText("t").setCreatedAtEpochMs(1).build();
  }

  @Test
  void keepsTheHighestVersionOfThisDeviceWhateverTheOrder() {
    // Given a selector for pi-1
    PlanSelector selector = new PlanSelector("pi-1");
    // When v2, then an older v1, then another device's v9 arrive
    assertThat(selector.offer("pi-1", plan("pi-1", 2, 4))).isTrue();
    assertThat(selector.offer("pi-1", plan("pi-1", 1, 7))).as("older version").isFalse();
    assertThat(selector.offer("pi-2", plan("pi-2", 9, 1))).as("another device's key").isFalse();
    assertThat(selector.offer("pi-1", plan("pi-1", 2, 5))).as("same version again").isFalse();
    // Then v2 of pi-1 is the plan
    assertThat(selector.latest()).hasValueSatisfying(p -> {
      assertThat(p.getPlanVersion()).isEqualTo(2);
      assertThat(p.getCutPoint()).isEqualTo(4);
    });
    // and a newer one replaces it
    assertThat(selector.offer("pi-1", plan("pi-1", 3, 2))).isTrue();
    assertThat(selector.latest().orElseThrow().getPlanVersion()).isEqualTo(3);
  }

  @Test
  void ignoresTombstonesAndPlansNamingAnotherDeviceUnderItsKey() {
    PlanSelector selector = new PlanSelector("pi-1");
    selector.offer("pi-1", plan("pi-1", 1, 4));
    // When a tombstone and a mis-keyed plan arrive
    assertThat(selector.offer("pi-1", null)).isFalse();
    assertThat(selector.offer("pi-1", plan("pi-2", 5, 3))).isFalse();
    // Then the running plan stays
    assertThat(selector.latest().orElseThrow().getPlanVersion()).isEqualTo(1);
  }

  @Test
  void appliesOnlyVersionsAboveTheRunningOne() {
    assertThat(PlanSelector.shouldApply(plan("pi-1", 1, 4), -1)).isTrue();
    assertThat(PlanSelector.shouldApply(plan("pi-1", 3, 4), 3)).isFalse();
    assertThat(PlanSelector.shouldApply(plan("pi-1", 2, 4), 3)).isFalse();
    assertThat(PlanSelector.shouldApply(plan("pi-1", 4, 4), 3)).isTrue();
    assertThat(PlanSelector.shouldApply(null, -1)).isFalse();
  }
}
