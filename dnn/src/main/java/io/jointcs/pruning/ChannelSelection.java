package io.jointcs.pruning;

import io.jointcs.model.ChannelGroup;
import io.jointcs.model.ModelSpec;
import java.util.List;
import java.util.Objects;

/**
 * Which channels of every group of {@code source} survive in {@code target}: for group g, the
 * ascending source indices of the target's w_g channels. Ascending order makes keeping every
 * channel the identity.
 *
 * @param source the spec pruned from
 * @param target the spec pruned to
 * @param kept per group (in {@link io.jointcs.model.Architecture#channelGroups()} order), the kept
 *     source channel indices, ascending
 */
public record ChannelSelection(ModelSpec source, ModelSpec target, List<List<Integer>> kept) {

  public ChannelSelection {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(target, "target");
    checkPrunable(source, target);
    kept = kept.stream().map(List::copyOf).toList();
    List<ChannelGroup> groups = source.architecture().channelGroups();
    if (kept.size() != groups.size()) {
      throw new IllegalArgumentException("selection has " + kept.size() + " groups, " + source.architecture().id()
          + " has " + groups.size());
    }
    for (ChannelGroup group : groups) {
      List<Integer> indices = kept.get(group.index());
      if (indices.size() != target.width(group.index())) {
        throw new IllegalArgumentException("group '" + group.name() + "' keeps " + indices.size()
            + " channels but the target width is " + target.width(group.index()));
      }
      for (int i = 0; i < indices.size(); i++) {
        int index = indices.get(i);
        if (index < 0 || index >= source.width(group.index()) || (i > 0 && index <= indices.get(i - 1))) {
          throw new IllegalArgumentException("group '" + group.name() + "': kept indices " + indices
              + " must be ascending, distinct and below the source width " + source.width(group.index()));
        }
      }
    }
  }

  /** Throws unless {@code target} can be pruned from {@code source}, naming the offending group. */
  public static void checkPrunable(ModelSpec source, ModelSpec target) {
    if (source.architecture() != target.architecture()) {
      throw new IllegalArgumentException("cannot prune " + source.architecture().id() + " into "
          + target.architecture().id() + ": architectures differ");
    }
    if (source.numClasses() != target.numClasses()) {
      throw new IllegalArgumentException("cannot prune a " + source.numClasses() + "-class network into a "
          + target.numClasses() + "-class one");
    }
    for (ChannelGroup group : source.architecture().channelGroups()) {
      int from = source.width(group.index());
      int to = target.width(group.index());
      if (to > from) {
        throw new IllegalArgumentException("cannot prune channel group '" + group.name() + "' of "
            + source.architecture().id() + " from width " + from + " to the wider " + to);
      }
    }
  }

  /** The kept source indices of a group, ascending. */
  public int[] keptIndices(int group) {
    return kept.get(group).stream().mapToInt(Integer::intValue).toArray();
  }

  /** True when nothing is removed. */
  public boolean isIdentity() {
    return source.equals(target);
  }
}
