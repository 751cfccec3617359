package io.jointcs.latency.profiling;

import io.jointcs.model.Architecture;
import io.jointcs.model.ChannelGroup;
import io.jointcs.model.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random pruned models for whole-model validation of the predictors. Each model draws an overall keep ratio
 * uniformly in [minKeepRatio, 1] and every group's width scatters around it; independent per-group widths alone
 * would average out to models of nearly the same size, leaving small and large models untested.
 */
public final class PrunedModelSampler {
  /** Standard deviation of a group's keep ratio around the model's. */
  static final double GROUP_SCATTER = 0.15;

  private final double minKeepRatio;
  private final int numClasses;

  /**
   * @param minKeepRatio smallest share of a group's base width kept, in (0, 1]
   * @param numClasses classifier outputs of the models
   */
  public PrunedModelSampler(double minKeepRatio, int numClasses) {
    if (!(minKeepRatio > 0 && minKeepRatio <= 1)) {
      throw new IllegalArgumentException("minimum keep ratio must be in (0, 1], got " + minKeepRatio);
    }
    this.minKeepRatio = minKeepRatio;
    this.numClasses = numClasses;
  }

  /** {@code count} models, architectures taken in turn, reproducible for a seed. */
  public List<ModelSpec> sample(List<Architecture> architectures, int count, long seed) {
    if (architectures.isEmpty() && count > 0) {
      throw new IllegalArgumentException("no architectures to sample pruned models of");
    }
    Random random = new Random(seed);
    List<ModelSpec> specs = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      specs.add(sample(architectures.get(i % architectures.size()), random));
    }
    return specs;
  }

  /** One model with widths within 1..base width of every group. */
  public ModelSpec sample(Architecture architecture, Random random) {
    double modelKeep = minKeepRatio + (1 - minKeepRatio) * random.nextDouble();
    List<Integer> widths = new ArrayList<>();
    for (ChannelGroup g : architecture.channelGroups()) {
      double keep = Math.max(minKeepRatio, Math.min(1, modelKeep + GROUP_SCATTER * random.nextGaussian()));
      widths.add(Math.max(1, Math.min(g.baseWidth(), (int) Math.round(g.baseWidth() * keep))));
    }
    return new ModelSpec(architecture, numClasses, widths);
  }
}
