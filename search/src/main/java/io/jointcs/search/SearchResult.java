package io.jointcs.search;

import io.jointcs.model.ModelSpec;
import java.util.List;

/**
 * The outcome of one method on one problem: a series of slim models, each with its best cut per target, the
 * Pareto front per target, and a plain statement of whether the latency goal was reached.
 *
 * @param method e.g. {@code jointcs-greedy}, {@code compress-then-segment}
 * @param settings how it ran (null for methods without search settings)
 * @param initial the starting model
 * @param targets the targets, in the order of every entry's cuts
 * @param goalsMs the resolved latency goal of every target, ms
 * @param series the accepted models from the initial one to the chosen one (the exhaustive baseline: its
 *     non-dominated models, slowest first)
 * @param chosenId the model the method settles on: the most accurate one that meets the goal, else the one closest
 *     to it
 * @param goalReached whether the chosen model meets the latency goal
 * @param message what happened, in words (why the goal was not reached, when it was not)
 * @param fronts the Pareto front of accuracy against end-to-end latency of every target, in target order
 * @param cost what the method spent
 */
public record SearchResult(String method, SearchSettings settings, ModelSpec initial, List<TargetSpec> targets,
    List<Double> goalsMs, List<SeriesEntry> series, String chosenId, boolean goalReached, String message,
    List<ParetoFront> fronts, SearchCost cost) {

  public SearchResult {
    targets = List.copyOf(targets);
    goalsMs = List.copyOf(goalsMs);
    series = List.copyOf(series);
    fronts = List.copyOf(fronts);
  }

  public SeriesEntry chosen() {
    return entry(chosenId);
  }

  public SeriesEntry entry(String id) {
    return series.stream().filter(e -> e.id().equals(id)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException(method + " has no series entry '" + id + "'"));
  }

  public ParetoFront front(String target) {
    return fronts.stream().filter(f -> f.target().equals(target)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException(method + " has no target '" + target + "'; its targets are "
            + targets.stream().map(TargetSpec::name).toList()));
  }
}
