package io.jointcs.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A concrete network: an architecture plus one width per prunable channel group. Everything else
 * (layers, shapes, MACs, the DJL block) is derived from it.
 *
 * @param architecture the architecture family member
 * @param numClasses classifier outputs
 * @param widths channel count of every channel group, in {@link Architecture#channelGroups()} order
 */
public record ModelSpec(Architecture architecture, int numClasses, List<Integer> widths) {

  /** Widths may grow past the base up to this factor (wider models are legal, if unusual). */
  public static final int MAX_WIDTH_FACTOR = 4;

  public ModelSpec {
    Objects.requireNonNull(architecture, "architecture");
    Objects.requireNonNull(widths, "widths");
    widths = List.copyOf(widths);
    if (numClasses < 2) {
      throw new IllegalArgumentException("numClasses must be at least 2, got " + numClasses);
    }
    List<ChannelGroup> groups = architecture.channelGroups();
    if (widths.size() != groups.size()) {
      throw new IllegalArgumentException(architecture.id() + " has " + groups.size()
          + " channel groups but the spec gives " + widths.size() + " widths");
    }
    for (ChannelGroup group : groups) {
      int width = widths.get(group.index());
      int max = group.baseWidth() * MAX_WIDTH_FACTOR;
      if (width < 1 || width > max) {
        throw new IllegalArgumentException("width of channel group '" + group.name() + "' is " + width
            + ", outside 1.." + max + " (base width " + group.baseWidth() + ")");
      }
    }
  }

  /** The unpruned network. */
  public static ModelSpec base(Architecture architecture, int numClasses) {
    return new ModelSpec(architecture, numClasses,
        architecture.channelGroups().stream().map(ChannelGroup::baseWidth).toList());
  }

  public int width(int group) {
    return widths.get(group);
  }

  public ModelSpec withWidth(int group, int width) {
    List<Integer> changed = new ArrayList<>(widths);
    changed.set(group, width);
    return new ModelSpec(architecture, numClasses, changed);
  }

  /** Every group scaled by the same factor of its base width, rounded, at least 1 channel. */
  public static ModelSpec uniformlyScaled(Architecture architecture, int numClasses, double keepRatio) {
    if (!(keepRatio > 0 && keepRatio <= MAX_WIDTH_FACTOR)) {
      throw new IllegalArgumentException("keep ratio must be in (0, " + MAX_WIDTH_FACTOR + "], got " + keepRatio);
    }
    return new ModelSpec(architecture, numClasses, architecture.channelGroups().stream()
        .map(g -> Math.max(1, (int) Math.round(g.baseWidth() * keepRatio))).toList());
  }

  /** The layer and block descriptors of this network. */
  public NetworkPlan plan() {
    return architecture.plan(this);
  }

  /** True when every group is at most as wide as in {@code other} (this can be pruned from it). */
  public boolean fitsWithin(ModelSpec other) {
    if (other.architecture != architecture || other.numClasses != numClasses) {
      return false;
    }
    for (int g = 0; g < widths.size(); g++) {
      if (widths.get(g) > other.widths.get(g)) {
        return false;
      }
    }
    return true;
  }
}
