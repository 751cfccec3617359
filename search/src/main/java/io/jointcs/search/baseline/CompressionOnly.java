package io.jointcs.search.baseline;

import io.jointcs.search.AccuracyEvaluator;
import io.jointcs.search.CutPolicy;
import io.jointcs.search.ProgressiveSearch;
import io.jointcs.search.SearchConfig;
import io.jointcs.search.SearchListener;
import io.jointcs.search.SearchProblem;
import io.jointcs.search.SearchResult;

/**
 * NetAdapt-style compression: the same progressive pruning, schedule, selection rule and evaluator as JointCS,
 * but every model runs entirely on the device (c = B) and the device-local latency is what must reach the goal.
 */
public final class CompressionOnly {
  public static final String METHOD = "compression-only";

  private CompressionOnly() {}

  public static SearchResult run(SearchProblem problem, SearchConfig config, AccuracyEvaluator evaluator,
      SearchListener listener) {
    return new ProgressiveSearch(config.withQuantizeCutAction(false), evaluator)
        .run(problem, listener, CutPolicy.DEVICE_ONLY, METHOD);
  }
}
