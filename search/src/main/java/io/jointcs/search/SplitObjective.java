package io.jointcs.search;

import io.jointcs.model.ModelSpec;
import io.jointcs.model.NetworkPlan;
import io.jointcs.segmentation.CutQuantization;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The predicted objective of one search: every target's latency at its cut (best or c = B), normalized by its goal
 * and aggregated. Memoizes per (widths, quantization) because the width search, the beam and the baselines ask
 * about the same models repeatedly; counts the latency-model calls it really makes. Not thread-safe: one search
 * owns one objective.
 */
public final class SplitObjective {
  private record Key(List<Integer> widths, CutQuantization quantization) {}

  private final ModelSpec reference;
  private final List<Target> targets;
  private final double[] goalsMs;
  private final CutPolicy policy;
  private final Aggregation aggregation;
  private final Map<Key, Assessment> cache = new HashMap<>();
  private long predictorQueries;

  private SplitObjective(ModelSpec reference, List<Target> targets, double[] goalsMs, CutPolicy policy,
      Aggregation aggregation) {
    this.reference = reference;
    this.targets = targets;
    this.goalsMs = goalsMs;
    this.policy = policy;
    this.aggregation = aggregation;
  }

  /**
   * The objective of a search starting at {@code initial}; fractional goals are resolved against the
   * segmentation-only latency of {@code initial} (best float32 cut) whatever the policy, so every method chases
   * the same absolute goals.
   */
  public static SplitObjective create(ModelSpec initial, List<Target> targets, CutPolicy policy,
      Aggregation aggregation) {
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("a search needs at least one target");
    }
    NetworkPlan plan = initial.plan();
    double[] goals = new double[targets.size()];
    long queries = 0;
    for (int t = 0; t < goals.length; t++) {
      Target target = targets.get(t);
      double reference = 0;
      if (target.spec().goal().kind() == LatencyGoal.Kind.FRACTION_OF_SEGMENTATION_ONLY) {
        reference = EndToEndLatency.bestCut(plan, target, CutQuantization.NONE).latencyMs();
        queries += 2;
      }
      goals[t] = target.spec().goal().resolveMs(reference);
      if (!(goals[t] > 0)) {
        throw new IllegalArgumentException("target '" + target.name() + "' resolves to a latency goal of "
            + goals[t] + " ms; it must be > 0");
      }
    }
    SplitObjective objective = new SplitObjective(initial, List.copyOf(targets), goals, policy, aggregation);
    objective.predictorQueries = queries;
    return objective;
  }

  public Assessment assess(ModelSpec spec, CutQuantization quantization) {
    if (spec.architecture() != reference.architecture() || spec.numClasses() != reference.numClasses()) {
      throw new IllegalArgumentException("model " + spec.architecture().id() + " with " + spec.numClasses()
          + " classes does not belong to this search of " + reference.architecture().id() + " with "
          + reference.numClasses() + " classes");
    }
    return cache.computeIfAbsent(new Key(spec.widths(), quantization), k -> compute(spec, quantization));
  }

  private Assessment compute(ModelSpec spec, CutQuantization quantization) {
    NetworkPlan plan = spec.plan();
    List<TargetCut> cuts = new ArrayList<>(targets.size());
    double[] normalized = new double[targets.size()];
    for (int t = 0; t < targets.size(); t++) {
      TargetCut cut = EndToEndLatency.cut(plan, targets.get(t), quantization, policy);
      predictorQueries += 2;
      cuts.add(cut);
      normalized[t] = cut.latencyMs() / goalsMs[t];
    }
    return new Assessment(cuts, aggregation.combine(normalized));
  }

  public List<Target> targets() {
    return targets;
  }

  /** The resolved goal of every target, ms, in target order. */
  public List<Double> goalsMs() {
    return java.util.Arrays.stream(goalsMs).boxed().toList();
  }

  public CutPolicy policy() {
    return policy;
  }

  public Aggregation aggregation() {
    return aggregation;
  }

  /** Latency-model calls so far; one call predicts the heads (or tails) of every cut point of one model. */
  public long predictorQueries() {
    return predictorQueries;
  }
}
