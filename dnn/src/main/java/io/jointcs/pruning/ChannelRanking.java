package io.jointcs.pruning;

import io.jointcs.model.Network;

/**
 * Orders the channels of a channel group by importance; the pruner keeps the most important ones.
 * Implementations must be deterministic for a given network.
 */
public interface ChannelRanking {

  /**
   * Importance of every channel of {@code group} in {@code network} (higher = more important).
   *
   * @return one score per channel, length = the group's width in the network
   */
  double[] importance(Network network, int group);

  /** Short name for logs and results, e.g. {@code l1}. */
  String name();
}
