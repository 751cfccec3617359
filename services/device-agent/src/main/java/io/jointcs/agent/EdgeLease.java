package io.jointcs.agent;

import java.net.InetSocketAddress;

/**
 * An edge serving one plan's tail, held while the plan runs; closing it releases what the agent started for it
 * (a local edge JVM), or nothing for a remote edge.
 *
 * @param address where the device connects
 * @param description for logs and status, e.g. "LOCAL-EDGE pid 1234 on 127.0.0.1:40123"
 */
record EdgeLease(InetSocketAddress address, String description, AutoCloseable release) implements AutoCloseable {
  @Override
  public void close() {
    try {
      release.close();
    } catch (Exception e) {
      throw new IllegalStateException("releasing the edge " + description + " failed: " + e.getMessage(), e);
    }
  }
}
