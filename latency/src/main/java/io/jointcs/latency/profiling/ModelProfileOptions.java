package io.jointcs.latency.profiling;

/**
 * Which block ranges of a model are timed besides the whole model and its layers.
 *
 * @param blocks every block on its own
 * @param splits the head (blocks 1..c) and tail (blocks c+1..B) of every inner cut point 0 &lt; c &lt; B
 */
public record ModelProfileOptions(boolean blocks, boolean splits) {
  public static final ModelProfileOptions ALL = new ModelProfileOptions(true, true);
  public static final ModelProfileOptions WHOLE_MODEL_ONLY = new ModelProfileOptions(false, false);

  /** Ranges timed for a model of B blocks. */
  public int rangeCount(int blockCount) {
    return 1 + (blocks ? blockCount : 0) + (splits ? 2 * (blockCount - 1) : 0);
  }
}
