package io.jointcs.agent;

import ai.djl.ndarray.NDManager;
import io.jointcs.events.DeploymentPlan;
import io.jointcs.model.ModelSpec;
import io.jointcs.segmentation.Head;
import io.jointcs.splitinference.DeviceClient;
import io.jointcs.splitinference.DeviceSlowdown;
import io.jointcs.splitinference.InferenceResult;
import io.jointcs.splitinference.LinkEmulation;
import java.io.IOException;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A plan in force: the loaded head, the edge it talks to and the connection through the emulated uplink. Used by
 * the split-inference thread only (under the agent's compute lock); closed by the plan thread after a switch-over.
 */
final class Deployment implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Deployment.class);

  private final DeploymentPlan plan;
  private final NDManager manager;
  private final Head head;
  private final EdgeLease edge;
  private DeviceClient client;
  private long linkVersion;
  private LinkEmulation link;
  private volatile long appliedAtEpochMs;

  private final DeviceSlowdown slowdown;

  private Deployment(DeploymentPlan plan, NDManager manager, Head head, EdgeLease edge, DeviceSlowdown slowdown) {
    this.slowdown = slowdown;
    this.plan = plan;
    this.manager = manager;
    this.head = head;
    this.edge = edge;
  }

  /**
   * Connects the head to the edge through {@code link}; on failure everything given is closed.
   *
   * @throws IOException when the edge is unreachable or serves another model or cut (the message names both)
   */
  static Deployment connect(DeploymentPlan plan, NDManager manager, Head head, EdgeLease edge,
      LinkControl.Setting link, DeviceSlowdown slowdown) throws IOException {
    Deployment deployment = new Deployment(plan, manager, head, edge, slowdown);
    try {
      deployment.relink(link);
      return deployment;
    } catch (IOException | RuntimeException e) {
      deployment.close();
      throw e;
    }
  }

  /** Reconnects through a changed emulated link (the shaping lives in the connection's sender). */
  void relink(LinkControl.Setting setting) throws IOException {
    DeviceClient old = client;
    client = null;
    if (old != null) {
      old.close();
    }
    client = DeviceClient.connect(head, edge.address(), setting.link()).withSlowdown(slowdown);
    link = setting.link();
    linkVersion = setting.version();
  }

  /** Reconnects if the link changed since the last request. */
  void followLink(LinkControl.Setting setting) throws IOException {
    if (setting.version() != linkVersion || client == null) {
      relink(setting);
    }
  }

  InferenceResult infer(float[] normalizedImages, int batchSize) throws IOException {
    if (client == null) {
      throw new IOException("not connected to the edge " + edge.description());
    }
    return client.infer(normalizedImages, batchSize);
  }

  DeploymentPlan plan() {
    return plan;
  }

  ModelSpec spec() {
    return head.spec();
  }

  LinkEmulation link() {
    return link;
  }

  EdgeLease edge() {
    return edge;
  }

  /** True when everything runs on the device (cut = B) and no request crosses the uplink. */
  boolean local() {
    return plan.getCutPoint() == plan.getBlockCount();
  }

  void markApplied(long epochMs) {
    appliedAtEpochMs = epochMs;
  }

  long appliedAtEpochMs() {
    return appliedAtEpochMs;
  }

  /** 'resnet20[16,16,32,64]': architecture and widths, as ModelLatencySample.modelSpec wants them. */
  String modelSpecText() {
    return spec().architecture().id() + spec().widths().toString().replace(" ", "");
  }

  String describe() {
    return String.format(Locale.ROOT, "plan v%d: %s cut %d/%d (%s), edge %s", plan.getPlanVersion(),
        modelSpecText(), plan.getCutPoint(), plan.getBlockCount(), plan.getCutQuantization(), edge.description());
  }

  /** Closes the connection, frees the head's weights and releases the edge (stops a local edge JVM). */
  @Override
  public void close() {
    try {
      if (client != null) {
        client.close();
      }
    } catch (IOException e) {
      log.debug("closing the edge connection of plan v{}: {}", plan.getPlanVersion(), e.toString());
    } finally {
      try {
        head.close();
        manager.close();
      } finally {
        edge.close();
      }
    }
  }
}
