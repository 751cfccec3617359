package io.jointcs.pruning;

import io.jointcs.model.Network;

/**
 * A physically pruned network (its own weights, in its own NDManager) and the channels it kept.
 * Closing it closes the network.
 */
public record PruningResult(Network network, ChannelSelection selection) implements AutoCloseable {

  @Override
  public void close() {
    network.close();
  }
}
