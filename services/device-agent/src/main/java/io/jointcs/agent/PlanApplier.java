package io.jointcs.agent;

import ai.djl.ndarray.NDManager;
import io.jointcs.artifact.ArtifactKind;
import io.jointcs.artifact.ModelArtifact;
import io.jointcs.events.DeploymentPlan;
import io.jointcs.model.ModelSpec;
import io.jointcs.segmentation.BlockRange;
import io.jointcs.segmentation.CutQuantization;
import io.jointcs.segmentation.Head;
import io.jointcs.splitinference.DeviceSlowdown;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Turns a plan into a ready {@link Deployment}: fetches and verifies the head artifact, loads it, gets an edge
 * for the plan's tail and connects. Nothing of the running deployment is touched, so a plan that fails to apply
 * leaves the device running the previous one.
 */
final class PlanApplier {
  private final ArtifactFetcher artifacts;
  private final EdgeProvider edges;
  private final LinkControl link;
  private final DeviceSlowdown slowdown;

  /** @param slowdown EMULATED slower device: the head's compute stretched (NONE for the real CPU) */
  PlanApplier(ArtifactFetcher artifacts, EdgeProvider edges, LinkControl link, DeviceSlowdown slowdown) {
    this.slowdown = slowdown;
    this.artifacts = artifacts;
    this.edges = edges;
    this.link = link;
  }

  Deployment prepare(DeploymentPlan plan) throws IOException {
    NDManager manager = NDManager.newBaseManager();
    Head head = null;
    EdgeLease edge = null;
    try {
      head = loadHead(plan, manager);
      edge = edges.lease(plan, artifacts);
      return Deployment.connect(plan, manager, head, edge, link.current(), slowdown);
    } catch (IOException | RuntimeException e) {
      if (edge == null) { // Deployment.connect closes what it was given
        if (head != null) {
          head.close();
        }
        manager.close();
      }
      throw e;
    }
  }

  /** Blocks 1..c from the head artifact; at c = 0 an empty head (the device uploads the normalized input). */
  private Head loadHead(DeploymentPlan plan, NDManager manager) throws IOException {
    int cut = plan.getCutPoint();
    CutQuantization quantization = CutQuantization.valueOf(plan.getCutQuantization().name());
    if (cut == 0) {
      // the spec comes from the model artifact: the plan event names it only by sha256
      ModelSpec spec = artifacts.fetch(plan.getModel()).spec();
      checkBlocks(plan, spec);
      BlockRange none = BlockRange.load(spec.plan(), 0, 0, manager, new DataInputStream(InputStream.nullInputStream()));
      return new Head(none, quantization);
    }
    if (plan.getHead() == null) {
      throw new IOException("plan v" + plan.getPlanVersion() + " cuts at block " + cut + " but names no head artifact");
    }
    ModelArtifact artifact = artifacts.fetch(plan.getHead());
    if (artifact.kind() != ArtifactKind.HEAD || artifact.cutPoint() != cut) {
      throw new IOException("plan v" + plan.getPlanVersion() + " names head artifact " + artifact.sha256()
          + ", which holds " + artifact.kind() + " up to cut " + artifact.cutPoint() + ", not the head up to cut " + cut);
    }
    checkBlocks(plan, artifact.spec());
    return artifact.loadHead(manager);
  }

  private static void checkBlocks(DeploymentPlan plan, ModelSpec spec) throws IOException {
    int blocks = spec.plan().blockCount();
    if (blocks != plan.getBlockCount()) {
      throw new IOException("plan v" + plan.getPlanVersion() + " says " + plan.getBlockCount() + " blocks, but its "
          + spec.architecture().id() + " artifact has " + blocks);
    }
  }
}
