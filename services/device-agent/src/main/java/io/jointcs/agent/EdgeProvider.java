package io.jointcs.agent;

import io.jointcs.artifact.ArtifactKind;
import io.jointcs.artifact.ModelArtifact;
import io.jointcs.events.DeploymentPlan;
import io.jointcs.splitinference.EdgeProcess;
import io.jointcs.splitinference.EdgeServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** Gets an edge serving a plan's tail: a remote one as it is, or a co-located edge JVM started for the plan. */
interface EdgeProvider extends AutoCloseable {
  /** An edge for the plan; the caller closes the lease once the plan no longer runs. */
  EdgeLease lease(DeploymentPlan plan, ArtifactFetcher artifacts) throws IOException;

  /** Where network probes go while no plan runs (a remote edge is always there); empty when there is none. */
  Optional<java.net.InetSocketAddress> standingAddress();

  EdgeMode mode();

  /** Releases what the provider holds itself (not the leases). */
  @Override
  default void close() {}

  static EdgeProvider of(EdgeMode mode) {
    if (mode instanceof EdgeMode.Remote remote) {
      return new RemoteEdges(remote);
    }
    return new LocalEdges((EdgeMode.LocalEdge) mode);
  }

  /** A remote edge: the device's head is checked against its greeting when connecting. */
  record RemoteEdges(EdgeMode.Remote mode) implements EdgeProvider {
    @Override
    public EdgeLease lease(DeploymentPlan plan, ArtifactFetcher artifacts) {
      return new EdgeLease(mode.address(), mode.describe(), () -> { });
    }

    @Override
    public Optional<java.net.InetSocketAddress> standingAddress() {
      return Optional.of(mode.address());
    }
  }

  /**
   * LOCAL-EDGE: a new edge JVM per plan, serving the plan's FULL model cut at the plan's cut point (the tail is a
   * view of the whole network, so no tail artifact is needed). The agent switches over to it, then stops the old one.
   * Before the first plan there is no edge JVM, yet the platform plans a device only once its network is known: so
   * probes go to a probe-only edge in this process (loopback, behind the same emulated link), started on first use.
   */
  final class LocalEdges implements EdgeProvider {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(LocalEdges.class);
    private final EdgeMode.LocalEdge mode;
    private EdgeServer probeEdge; // guarded by this

    LocalEdges(EdgeMode.LocalEdge mode) {
      this.mode = mode;
    }

    @Override
    public EdgeMode mode() {
      return mode;
    }

    @Override
    public EdgeLease lease(DeploymentPlan plan, ArtifactFetcher artifacts) throws IOException {
      ModelArtifact model = artifacts.fetch(plan.getModel());
      if (model.kind() != ArtifactKind.FULL) {
        throw new IOException("plan v" + plan.getPlanVersion() + " names model artifact " + model.sha256() + " of kind "
            + model.kind() + "; the edge needs the whole model (FULL)");
      }
      Path file = artifacts.cachedFile(model.sha256());
      EdgeProcess edge = EdgeProcess.start(file, plan.getCutPoint(),
          EdgeProcess.Options.defaults().withThreads(mode.threads()));
      String description = "LOCAL-EDGE pid " + edge.pid() + " on " + edge.address().getHostString() + ":" + edge.port()
          + " serving " + model.spec().architecture().id() + " from cut " + plan.getCutPoint();
      return new EdgeLease(edge.address(), description, edge::close);
    }

    @Override
    public synchronized Optional<java.net.InetSocketAddress> standingAddress() {
      if (probeEdge == null) {
        try {
          probeEdge = EdgeServer.probeOnly(EdgeServer.Options.loopback(0));
          log.info("no plan yet: uplink probes go to a probe-only edge on port {} in this process", probeEdge.port());
        } catch (IOException e) {
          log.warn("could not start the probe-only edge: {}; no uplink measurement until the first plan",
              e.getMessage());
          return Optional.empty();
        }
      }
      return Optional.of(probeEdge.localAddress());
    }

    @Override
    public synchronized void close() {
      if (probeEdge != null) {
        probeEdge.close();
        probeEdge = null;
      }
    }
  }
}
