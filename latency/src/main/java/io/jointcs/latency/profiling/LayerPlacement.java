package io.jointcs.latency.profiling;

/** How a timed layer was run. */
public enum LayerPlacement {
  /** a one-layer network built from the descriptor (any shape, including sampled ones) */
  ISOLATED,
  /** the layer's block inside a whole network built from a model spec */
  IN_NETWORK
}
