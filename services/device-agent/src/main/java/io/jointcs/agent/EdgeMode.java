package io.jointcs.agent;

import java.net.InetSocketAddress;

/** Where the tail of the split model runs. */
sealed interface EdgeMode {
  /** An edge server someone else runs; it must already serve the plan's model at the plan's cut. */
  record Remote(InetSocketAddress address) implements EdgeMode {
    @Override
    public String describe() {
      return "remote edge " + address.getHostString() + ":" + address.getPort();
    }
  }

  /**
   * The agent starts a co-located edge JVM (EdgeProcess) for each plan's tail: a LOCAL-EDGE set-up for demos and
   * tests on one machine, labelled so in logs and status.
   *
   * @param threads PyTorch intra-op threads of the edge JVM
   */
  record LocalEdge(int threads) implements EdgeMode {
    @Override
    public String describe() {
      return "LOCAL-EDGE (co-located edge JVM started by the agent, " + threads + " thread(s))";
    }
  }

  String describe();
}
