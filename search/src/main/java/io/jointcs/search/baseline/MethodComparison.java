package io.jointcs.search.baseline;

import io.jointcs.search.AccuracyEvaluator;
import io.jointcs.search.ProgressiveSearch;
import io.jointcs.search.SearchConfig;
import io.jointcs.search.SearchListener;
import io.jointcs.search.SearchProblem;
import io.jointcs.search.SearchResult;
import io.jointcs.search.report.SearchReport;
import java.util.List;

/**
 * JointCS and its baselines on one problem, with one config (schedule, selection rule, seed, final fine-tune) and
 * one evaluator, so that the comparison is fair.
 */
public final class MethodComparison {
  private MethodComparison() {}

  /** JointCS, segmentation only, compression only, compress then segment; the listener sees the two searches. */
  public static SearchReport run(String title, SearchProblem problem, SearchConfig config,
      AccuracyEvaluator evaluator, SearchListener listener) {
    SearchResult joint = new ProgressiveSearch(config, evaluator).run(problem, listener);
    SearchResult segmentation = SegmentationOnly.run(problem, config, evaluator);
    SearchResult compression = CompressionOnly.run(problem, config, evaluator, listener);
    SearchResult compressThenSegment = CompressThenSegment.resegment(compression, problem);
    return new SearchReport(title, List.of(joint, segmentation, compression, compressThenSegment));
  }
}
