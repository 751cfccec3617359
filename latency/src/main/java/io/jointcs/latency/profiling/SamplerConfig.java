package io.jointcs.latency.profiling;

import io.jointcs.model.Architecture;
import java.util.List;

/**
 * Settings of the layer configuration sampler.
 *
 * @param architectures networks whose prunable layer shapes are covered
 * @param numClasses classifier outputs (the LINEAR layers' output size)
 * @param gridSteps channel widths are k/gridSteps of a group's base width, k = 1..gridSteps
 * @param budget most configurations returned; at least one per coverage cell
 * @param randomShare share of the budget kept for random shapes around the grid (off-grid widths)
 * @param seed random choices
 */
public record SamplerConfig(List<Architecture> architectures, int numClasses, int gridSteps, int budget,
    double randomShare, long seed) {

  public SamplerConfig {
    architectures = List.copyOf(architectures);
    if (architectures.isEmpty()) {
      throw new IllegalArgumentException("sampler: no architectures given");
    }
    if (numClasses < 2 || gridSteps < 1 || budget < 1 || !(randomShare >= 0 && randomShare <= 1)) {
      throw new IllegalArgumentException("sampler: bad settings: numClasses " + numClasses + ", gridSteps "
          + gridSteps + ", budget " + budget + ", randomShare " + randomShare);
    }
  }

  /** All five architectures, 10 classes, widths on a 1/16 grid, a quarter of the budget random. */
  public static SamplerConfig standard(int budget, long seed) {
    return new SamplerConfig(List.of(Architecture.values()), 10, 16, budget, 0.25, seed);
  }
}
