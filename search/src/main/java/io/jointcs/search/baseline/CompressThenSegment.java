package io.jointcs.search.baseline;

import io.jointcs.search.AccuracyEvaluator;
import io.jointcs.search.Assessment;
import io.jointcs.search.CutPolicy;
import io.jointcs.search.SearchConfig;
import io.jointcs.search.SearchCost;
import io.jointcs.search.SearchListener;
import io.jointcs.search.SearchProblem;
import io.jointcs.search.SearchResult;
import io.jointcs.search.SearchResults;
import io.jointcs.search.SeriesEntry;
import io.jointcs.search.SplitObjective;
import io.jointcs.segmentation.CutQuantization;
import java.util.ArrayList;
import java.util.List;

/**
 * The two techniques one after the other: the compression-only series, each model then placed at its best
 * float32 cut. Accuracies are the compression-only ones (the weights do not change); only the placement does.
 */
public final class CompressThenSegment {
  public static final String METHOD = "compress-then-segment";

  private CompressThenSegment() {}

  public static SearchResult run(SearchProblem problem, SearchConfig config, AccuracyEvaluator evaluator,
      SearchListener listener) {
    return resegment(CompressionOnly.run(problem, config, evaluator, listener), problem);
  }

  /** Re-places every model of a compression-only result at its best cut on the problem's targets. */
  public static SearchResult resegment(SearchResult compressionOnly, SearchProblem problem) {
    if (!compressionOnly.initial().equals(problem.initial())) {
      throw new IllegalArgumentException("the compression-only result starts from " + compressionOnly.initial()
          + " but the problem from " + problem.initial());
    }
    if (!compressionOnly.targets().equals(problem.targetSpecs())) {
      throw new IllegalArgumentException("the compression-only result was computed for targets "
          + compressionOnly.targets().stream().map(t -> t.name()).toList() + ", not for the problem's "
          + problem.targetSpecs().stream().map(t -> t.name()).toList());
    }
    long startNanos = System.nanoTime();
    SplitObjective objective = SplitObjective.create(problem.initial(), problem.targets(), CutPolicy.BEST_CUT,
        compressionOnly.settings().aggregation());
    List<SeriesEntry> series = new ArrayList<>();
    for (SeriesEntry entry : compressionOnly.series()) {
      Assessment placed = objective.assess(entry.spec(), CutQuantization.NONE);
      series.add(entry.withCuts(placed.cuts(), placed.normalizedLatency()));
    }
    SeriesEntry chosen = SearchResults.choose(series);
    List<Double> goals = objective.goalsMs();
    String message = (chosen.meetsGoal() ? "latency goal reached by the compressed model "
        : "latency goal NOT reached even with the best cut of every compressed model; best found: ")
        + SearchResults.describe(chosen, goals);
    SearchCost before = compressionOnly.cost();
    SearchCost cost = new SearchCost(before.wallTimeMs() + (System.nanoTime() - startNanos) / 1_000_000,
        before.steps(), before.candidatesEvaluated(), before.predictorQueries() + objective.predictorQueries(),
        before.finalizations());
    return new SearchResult(METHOD, compressionOnly.settings(), problem.initial(), problem.targetSpecs(), goals,
        series, chosen.id(), chosen.meetsGoal(), message, SearchResults.fronts(problem.targetSpecs(), series), cost);
  }
}
