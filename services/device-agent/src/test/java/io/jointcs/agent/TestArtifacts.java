package io.jointcs.agent;

import ai.djl.ndarray.NDManager;
import io.jointcs.artifact.FileArtifactStore;
import io.jointcs.artifact.ModelArtifact;
import io.jointcs.events.ArtifactRef;
import io.jointcs.events.CutQuantization;
import io.jointcs.events.DeploymentPlan;
import io.jointcs.events.LatencyBreakdown;
import io.jointcs.events.NetworkCondition;
import io.jointcs.events.PlanReason;
import io.jointcs.model.Architecture;
import io.jointcs.model.ModelSpec;
import io.jointcs.model.Network;
import io.jointcs.segmentation.SplitModel;
import java.io.IOException;
import java.nio.file.Path;

/** A real tiny resnet20 (a quarter of every width, random weights) as FULL and HEAD artifacts, and plans for it. */
final class TestArtifacts {
  static final ModelSpec SPEC = ModelSpec.uniformlyScaled(Architecture.RESNET20, 10, 0.25);
  static final int BLOCKS = SPEC.plan().blockCount();

  private TestArtifacts() {}

  /** The whole model. */
  static ModelArtifact full() {
    try (NDManager manager = NDManager.newBaseManager(); Network network = Network.initialize(SPEC, manager, 7)) {
      return ModelArtifact.of(network);
    }
  }

  /** The head up to {@code cut} of the same weights as {@link #full()}. */
  static ModelArtifact head(int cut) {
    try (NDManager manager = NDManager.newBaseManager(); Network network = Network.initialize(SPEC, manager, 7)) {
      return ModelArtifact.of(SplitModel.split(network, cut, io.jointcs.segmentation.CutQuantization.NONE).head());
    }
  }

  static ArtifactRef ref(ModelArtifact artifact) {
    return ArtifactRef.newBuilder().setRef("artifacts/sha256/" + artifact.sha256() + ".jcsm")
        .setSha256(artifact.sha256()).setSizeBytes(artifact.sizeBytes()).build();
  }

  /** Writes the artifacts into a content-addressed store directory. */
  static void store(Path dir, ModelArtifact... artifacts) throws IOException {
    FileArtifactStore store = new FileArtifactStore(dir);
    for (ModelArtifact artifact : artifacts) {
      store.put(artifact);
    }
  }

  static DeploymentPlan plan(String deviceId, long version, ModelArtifact full, ModelArtifact head, int cut) {
    return DeploymentPlan.newBuilder()
        .setPlanVersion(version)
        .setDeviceId(deviceId)
        .setDeviceClass("cpu-1t")
        .setEmulated(false)
        .setModel(ref(full))
        .setHead(head == null ? null : ref(head))
        .setCutPoint(cut)
        .setBlockCount(BLOCKS)
        .setCutQuantization(CutQuantization.NONE)
        .setAssumedNetwork(NetworkCondition.newBuilder().setName("test").setUplinkBandwidthBytesPerSec(2.5e6)
            .setRttMs(5).build())
        .setPredictedLatency(LatencyBreakdown.newBuilder().setDeviceMs(1).setTransferMs(1).setEdgeMs(1).setTotalMs(3)
            .build())
        .setExpectedAccuracy(0.1)
        .setReason(version == 1 ? PlanReason.INITIAL : PlanReason.NETWORK_CHANGE)
        .setReasonText("test plan v" + version)
        .setCreatedAtEpochMs(System.currentTimeMillis())
        .build();
  }
}
