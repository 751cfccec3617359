package io.jointcs.search;

import java.util.List;

/**
 * A(M) of the objective: the compression executor. Prunes each candidate from its parent's weights, recalibrates
 * batch-norm, runs the short fine-tune and evaluates on the validation split. Every method gets the same
 * evaluator, so baselines and the joint search pay the same accuracy for the same model.
 */
public interface AccuracyEvaluator {

  /**
   * The accuracy of every candidate, one result per candidate in any order (a distributed implementation evaluates
   * them in parallel and returns them as they complete). Must be deterministic for a candidate's seed.
   */
  List<CandidateEvaluation> evaluate(List<Candidate> candidates);

  /** A longer fine-tune of an accepted model of the final series; returns its new accuracy and weights. */
  CandidateEvaluation finalizeModel(SeriesEntry entry, FineTuneBudget budget);
}
