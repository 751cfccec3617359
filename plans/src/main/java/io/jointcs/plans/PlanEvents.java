package io.jointcs.plans;

import io.jointcs.events.ArtifactRef;
import io.jointcs.events.CutQuantization;
import io.jointcs.events.DeploymentPlan;
import io.jointcs.events.LatencyBreakdown;
import io.jointcs.events.NetworkCondition;
import io.jointcs.model.ModelSpec;
import io.jointcs.search.NetworkLink;
import io.jointcs.search.TargetCut;

/** Maps a {@link DevicePlan} to the {@code DeploymentPlan} event on {@code jointcs.plans} and back. */
public final class PlanEvents {
  private PlanEvents() {}

  /**
   * @param model where the store keeps the plan's FULL model artifact
   * @param head the head artifact (blocks 1..cut) the device loads; null exactly when the cut is 0
   * @param emulated whether the device class is emulated (its latencies are those of the emulation)
   */
  public static DeploymentPlan toEvent(DevicePlan plan, ArtifactRef model, ArtifactRef head, boolean emulated) {
    if (!model.getSha256().equals(plan.model().artifactSha256())) {
      throw new IllegalArgumentException("plan " + plan.version() + " of device '" + plan.deviceId()
          + "' is for artifact " + plan.model().artifactSha256() + " but was given the reference of "
          + model.getSha256());
    }
    int cutPoint = plan.cut().cutPoint();
    if ((cutPoint == 0) != (head == null)) {
      throw new IllegalArgumentException("plan " + plan.version() + " of device '" + plan.deviceId() + "' cuts at block "
          + cutPoint + (cutPoint == 0 ? " and must not carry a head" : " and needs the head artifact"));
    }
    TargetCut cut = plan.cut();
    NetworkLink network = plan.assumedNetwork();
    return DeploymentPlan.newBuilder()
        .setPlanVersion(plan.version())
        .setDeviceId(plan.deviceId())
        .setDeviceClass(plan.deviceClass())
        .setEmulated(emulated)
        .setSearchId(plan.model().searchId())
        .setModel(model)
        .setHead(head)
        .setCutPoint(cutPoint)
        .setBlockCount(plan.model().spec().plan().blockCount())
        .setCutQuantization(CutQuantization.valueOf(plan.model().quantization().name()))
        .setAssumedNetwork(NetworkCondition.newBuilder().setName(network.name())
            .setUplinkBandwidthBytesPerSec(network.uplinkBytesPerSec()).setRttMs(network.rttMs()).build())
        .setPredictedLatency(LatencyBreakdown.newBuilder().setDeviceMs(cut.headMs()).setTransferMs(cut.transferMs())
            .setEdgeMs(cut.tailMs()).setTotalMs(cut.latencyMs()).build())
        .setExpectedAccuracy(plan.model().accuracy())
        .setReason(plan.reason())
        .setReasonText(plan.reasonText())
        .setCreatedAtEpochMs(plan.createdAtEpochMs())
        .build();
  }

  /**
   * The plan an event describes, for a planner that restarts from the compacted plans topic. The event does not
   * carry the series state id, so the model is named after its artifact ({@code sha256:<first 12 hex>}).
   *
   * @param spec the spec of the event's model artifact (read from the artifact store)
   */
  public static DevicePlan fromEvent(DeploymentPlan event, ModelSpec spec) {
    int blocks = spec.plan().blockCount();
    if (event.getBlockCount() != blocks || event.getCutPoint() < 0 || event.getCutPoint() > blocks) {
      throw new IllegalArgumentException("plan " + event.getPlanVersion() + " of device '" + event.getDeviceId()
          + "' says cut " + event.getCutPoint() + " of " + event.getBlockCount() + " blocks, but its model "
          + spec.architecture().id() + " has " + blocks + " blocks");
    }
    String sha256 = event.getModel().getSha256();
    DeployableModel model = new DeployableModel("sha256:" + sha256.substring(0, Math.min(12, sha256.length())),
        event.getSearchId(), spec, io.jointcs.segmentation.CutQuantization.valueOf(event.getCutQuantization().name()),
        event.getExpectedAccuracy(), sha256);
    NetworkCondition assumed = event.getAssumedNetwork();
    LatencyBreakdown latency = event.getPredictedLatency();
    long cutBytes = event.getCutPoint() < blocks
        ? spec.plan().cutBytes(event.getCutPoint(), model.quantization().bits())
        : 0;
    TargetCut cut = TargetCut.of(event.getDeviceClass() + "@" + assumed.getName(), event.getCutPoint(),
        latency.getDeviceMs(), latency.getTransferMs(), latency.getEdgeMs(), cutBytes);
    return new DevicePlan(event.getDeviceId(), event.getDeviceClass(), event.getPlanVersion(), model, cut,
        new NetworkLink(assumed.getName(), assumed.getUplinkBandwidthBytesPerSec(), assumed.getRttMs()),
        event.getReason(), event.getReasonText(), event.getCreatedAtEpochMs());
  }
}
