package io.jointcs.search;

/** The longer final fine-tune of one series entry, with the evaluator's answer checked. */
public final class Finalization {
  private Finalization() {}

  public static SeriesEntry apply(AccuracyEvaluator evaluator, SeriesEntry entry, FineTuneBudget budget) {
    CandidateEvaluation result = evaluator.finalizeModel(entry, budget);
    if (result == null || !result.candidateId().equals(entry.id())) {
      throw new IllegalStateException("accuracy evaluator finalized '" + (result == null ? null : result.candidateId())
          + "' when asked to finalize '" + entry.id() + "'");
    }
    return entry.withFinalFineTune(new FinalFineTune(budget.epochs(), result.accuracy(), result.artifact()));
  }
}
