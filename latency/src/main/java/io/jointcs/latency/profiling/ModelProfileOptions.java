package io.jointcs.latency.profiling;

/**
 * Which block ranges of a model are timed besides the whole model and its layers.
 *
 * @param blocks every block on its own
 * @param splits the head (blocks 1..c) and tail (blocks c+1..B) of inner cut points 0 &lt; c &lt; B
 * @param maxCuts at most this many inner cut points, evenly spread (0: every one)
 */
public record ModelProfileOptions(boolean blocks, boolean splits, int maxCuts) {
  public static final ModelProfileOptions ALL = new ModelProfileOptions(true, true);
  public static final ModelProfileOptions WHOLE_MODEL_ONLY = new ModelProfileOptions(false, false);

  public ModelProfileOptions {
    if (maxCuts < 0) {
      throw new IllegalArgumentException("maxCuts must be >= 0, got " + maxCuts);
    }
  }

  /** Every inner cut point. */
  public ModelProfileOptions(boolean blocks, boolean splits) {
    this(blocks, splits, 0);
  }

  /** The inner cut points whose heads and tails are timed, ascending. */
  public java.util.List<Integer> cuts(int blockCount) {
    java.util.List<Integer> out = new java.util.ArrayList<>();
    if (!splits) {
      return out;
    }
    int inner = blockCount - 1;
    if (maxCuts == 0 || maxCuts >= inner) {
      for (int c = 1; c < blockCount; c++) {
        out.add(c);
      }
      return out;
    }
    for (int k = 1; k <= maxCuts; k++) {
      int c = (int) Math.round((double) k * blockCount / (maxCuts + 1));
      c = Math.max(1, Math.min(blockCount - 1, c));
      if (out.isEmpty() || out.get(out.size() - 1) < c) {
        out.add(c);
      }
    }
    return out;
  }

  /** Ranges timed for a model of B blocks. */
  public int rangeCount(int blockCount) {
    return 1 + (blocks ? blockCount : 0) + 2 * cuts(blockCount).size();
  }
}
