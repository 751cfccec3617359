package io.jointcs.search;

/**
 * One (device class, edge class, network) the search optimizes for, with its latency goal; the serializable half
 * of a {@link Target}.
 *
 * @param name unique within a search, e.g. {@code pi4@wifi}
 * @param deviceClass latency model of the head (blocks 1..c)
 * @param edgeClass latency model of the tail (blocks c+1..B)
 * @param network the uplink between them
 * @param goal the end-to-end latency to reach
 */
public record TargetSpec(String name, String deviceClass, String edgeClass, NetworkLink network, LatencyGoal goal) {

  public TargetSpec {
    requireText(name, "a target needs a name");
    requireText(deviceClass, "target '" + name + "' needs a device class");
    requireText(edgeClass, "target '" + name + "' needs an edge class");
    if (network == null) {
      throw new IllegalArgumentException("target '" + name + "' needs a network link");
    }
    if (goal == null) {
      throw new IllegalArgumentException("target '" + name + "' needs a latency goal");
    }
  }

  /** A target named {@code device@network}. */
  public static TargetSpec of(String deviceClass, String edgeClass, NetworkLink network, LatencyGoal goal) {
    return new TargetSpec(deviceClass + "@" + network.name(), deviceClass, edgeClass, network, goal);
  }

  private static void requireText(String text, String message) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(message);
    }
  }
}
