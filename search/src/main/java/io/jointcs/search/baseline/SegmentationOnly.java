package io.jointcs.search.baseline;

import io.jointcs.search.AccuracyEvaluator;
import io.jointcs.search.Assessment;
import io.jointcs.search.Candidate;
import io.jointcs.search.CutPolicy;
import io.jointcs.search.EvaluationBatch;
import io.jointcs.search.Finalization;
import io.jointcs.search.FineTuneBudget;
import io.jointcs.search.SearchAction;
import io.jointcs.search.SearchConfig;
import io.jointcs.search.SearchCost;
import io.jointcs.search.SearchProblem;
import io.jointcs.search.SearchResult;
import io.jointcs.search.SearchResults;
import io.jointcs.search.SeriesEntry;
import io.jointcs.search.SplitObjective;
import io.jointcs.segmentation.CutQuantization;
import java.util.List;

/** Neurosurgeon: the unpruned model at its best float32 cut on every target; nothing is compressed. */
public final class SegmentationOnly {
  public static final String METHOD = "segmentation-only";

  private SegmentationOnly() {}

  /** Uses the config's aggregation, seed and final fine-tune, so it pays what the other methods pay. */
  public static SearchResult run(SearchProblem problem, SearchConfig config, AccuracyEvaluator evaluator) {
    long startNanos = System.nanoTime();
    SplitObjective objective = SplitObjective.create(problem.initial(), problem.targets(), CutPolicy.BEST_CUT,
        config.aggregation());
    Assessment assessment = objective.assess(problem.initial(), CutQuantization.NONE);
    Candidate model = new Candidate("s0", "", "", 0, SearchAction.initial(), problem.initial(), CutQuantization.NONE,
        assessment.cuts(), assessment.normalizedLatency(), Candidate.seedFor(config.seed(), "s0"));
    SeriesEntry entry = SeriesEntry.accepted(model, EvaluationBatch.evaluate(evaluator, List.of(model)).get("s0"));
    int finalized = 0;
    if (config.finalizeLast() > 0) {
      entry = Finalization.apply(evaluator, entry, new FineTuneBudget(config.finalizeEpochs()));
      finalized = 1;
    }
    List<Double> goals = objective.goalsMs();
    String message = (entry.meetsGoal() ? "the unpruned model at its best cut meets the latency goal: "
        : "latency goal NOT reached: segmentation alone cannot reach it; the unpruned model at its best cut: ")
        + SearchResults.describe(entry, goals);
    SearchCost cost = new SearchCost((System.nanoTime() - startNanos) / 1_000_000, 0, 1, objective.predictorQueries(),
        finalized);
    return new SearchResult(METHOD, config.settings(CutPolicy.BEST_CUT), problem.initial(), problem.targetSpecs(),
        goals, List.of(entry), entry.id(), entry.meetsGoal(), message,
        SearchResults.fronts(problem.targetSpecs(), List.of(entry)), cost);
  }
}
