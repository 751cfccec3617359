package io.jointcs.search;

import io.jointcs.model.ModelSpec;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What to search: the starting model, the targets, and the widths each channel group may take.
 *
 * @param initial M_0, usually the unpruned pretrained model
 * @param targets the (device class, network) pairs with their goals; names must be unique
 * @param widths the allowed widths, for the architecture of {@code initial}
 */
public record SearchProblem(ModelSpec initial, List<Target> targets, WidthSpace widths) {

  public SearchProblem {
    if (initial == null) {
      throw new IllegalArgumentException("a search needs an initial model");
    }
    if (targets == null || targets.isEmpty()) {
      throw new IllegalArgumentException("a search needs at least one target");
    }
    targets = List.copyOf(targets);
    Set<String> names = new HashSet<>();
    for (Target target : targets) {
      if (!names.add(target.name())) {
        throw new IllegalArgumentException("target name '" + target.name() + "' is used twice");
      }
    }
    if (widths == null) {
      throw new IllegalArgumentException("a search needs a width space");
    }
    widths.checkBelongs(initial, "the initial model");
  }

  /** Every channel count of every group may be searched. */
  public static SearchProblem of(ModelSpec initial, List<Target> targets) {
    return new SearchProblem(initial, targets, WidthSpace.everyChannel(initial.architecture(), 1));
  }

  public List<TargetSpec> targetSpecs() {
    return targets.stream().map(Target::spec).toList();
  }
}
