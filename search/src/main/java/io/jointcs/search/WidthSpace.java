package io.jointcs.search;

import io.jointcs.model.Architecture;
import io.jointcs.model.ChannelGroup;
import io.jointcs.model.ModelSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * The widths a search may give each channel group. A group with no allowed width is frozen at its initial width.
 * The progressive search and the exhaustive baseline share one space, so the optimality gap compares like with
 * like.
 *
 * @param architecture the architecture the groups belong to
 * @param allowedWidths per group (in {@link Architecture#channelGroups()} order), ascending distinct widths &gt;= 1
 */
public record WidthSpace(Architecture architecture, List<List<Integer>> allowedWidths) {

  public WidthSpace {
    if (architecture == null) {
      throw new IllegalArgumentException("a width space needs an architecture");
    }
    List<ChannelGroup> groups = architecture.channelGroups();
    if (allowedWidths.size() != groups.size()) {
      throw new IllegalArgumentException(architecture.id() + " has " + groups.size()
          + " channel groups but the width space lists " + allowedWidths.size());
    }
    List<List<Integer>> copy = new ArrayList<>();
    for (ChannelGroup group : groups) {
      List<Integer> widths = List.copyOf(allowedWidths.get(group.index()));
      int max = group.baseWidth() * ModelSpec.MAX_WIDTH_FACTOR;
      for (int i = 0; i < widths.size(); i++) {
        int w = widths.get(i);
        if (w < 1 || w > max) {
          throw new IllegalArgumentException("width " + w + " of channel group '" + group.name() + "' is outside 1.."
              + max);
        }
        if (i > 0 && w <= widths.get(i - 1)) {
          throw new IllegalArgumentException("widths of channel group '" + group.name()
              + "' must be ascending and distinct: " + widths);
        }
      }
      copy.add(widths);
    }
    allowedWidths = List.copyOf(copy);
  }

  /** Every multiple of {@code granularity} up to the base width (granularity 1: every channel count). */
  public static WidthSpace everyChannel(Architecture architecture, int granularity) {
    if (granularity < 1) {
      throw new IllegalArgumentException("width granularity must be >= 1, got " + granularity);
    }
    List<List<Integer>> widths = new ArrayList<>();
    for (ChannelGroup group : architecture.channelGroups()) {
      List<Integer> allowed = new ArrayList<>();
      for (int w = granularity; w <= group.baseWidth(); w += granularity) {
        allowed.add(w);
      }
      widths.add(allowed);
    }
    return new WidthSpace(architecture, widths);
  }

  /**
   * A coarse grid: for each listed group, the given fractions of its base width (rounded, at least 1 channel);
   * every other group is frozen. Meant for the exhaustive baseline and its comparisons.
   */
  public static WidthSpace grid(Architecture architecture, List<Double> fractionsOfBase, Collection<Integer> groups) {
    List<ChannelGroup> all = architecture.channelGroups();
    for (int g : groups) {
      if (g < 0 || g >= all.size()) {
        throw new IllegalArgumentException(architecture.id() + " has no channel group " + g + " (it has "
            + all.size() + ")");
      }
    }
    for (double f : fractionsOfBase) {
      if (!(f > 0 && f <= ModelSpec.MAX_WIDTH_FACTOR)) {
        throw new IllegalArgumentException("width fraction must be in (0, " + ModelSpec.MAX_WIDTH_FACTOR
            + "], got " + f);
      }
    }
    List<List<Integer>> widths = new ArrayList<>();
    for (ChannelGroup group : all) {
      TreeSet<Integer> allowed = new TreeSet<>();
      if (groups.contains(group.index())) {
        for (double f : fractionsOfBase) {
          allowed.add(Math.max(1, (int) Math.round(group.baseWidth() * f)));
        }
      }
      widths.add(List.copyOf(allowed));
    }
    return new WidthSpace(architecture, widths);
  }

  public List<Integer> allowed(int group) {
    return allowedWidths.get(group);
  }

  public boolean frozen(int group) {
    return allowedWidths.get(group).isEmpty();
  }

  /** Allowed widths strictly below {@code width}, ascending. */
  public List<Integer> narrowerThan(int group, int width) {
    return allowedWidths.get(group).stream().filter(w -> w < width).toList();
  }

  /** Rejects a model of another architecture than this space's. */
  public void checkBelongs(ModelSpec spec, String what) {
    if (spec.architecture() != architecture) {
      throw new IllegalArgumentException(what + " is a " + spec.architecture().id() + " but the width space is for "
          + architecture.id());
    }
  }
}
