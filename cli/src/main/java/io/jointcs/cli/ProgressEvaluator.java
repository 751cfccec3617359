package io.jointcs.cli;

import io.jointcs.progress.ProgressBar;
import io.jointcs.search.AccuracyEvaluator;
import io.jointcs.search.Candidate;
import io.jointcs.search.CandidateEvaluation;
import io.jointcs.search.FineTuneBudget;
import io.jointcs.search.SeriesEntry;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An evaluator that shows a progress bar per batch of candidates (one at a time, so the bar moves) and keeps count
 * of what evaluating cost: candidates, final fine-tunes, and the time spent in the evaluator.
 */
final class ProgressEvaluator implements AccuracyEvaluator {
  private final AccuracyEvaluator delegate;
  private final String label;
  private final PrintStream out;
  private int evaluated;
  private int finalized;
  private long evaluatorNanos;

  ProgressEvaluator(AccuracyEvaluator delegate, String label, PrintStream out) {
    this.delegate = delegate;
    this.label = label;
    this.out = out;
  }

  @Override
  public List<CandidateEvaluation> evaluate(List<Candidate> candidates) {
    ProgressBar bar = new ProgressBar(label + ": " + candidates.size() + " candidate(s)", candidates.size(), out);
    List<CandidateEvaluation> results = new ArrayList<>();
    for (Candidate c : candidates) {
      long start = System.nanoTime();
      CandidateEvaluation e = delegate.evaluate(List.of(c)).get(0);
      evaluatorNanos += System.nanoTime() - start;
      evaluated++;
      results.add(e);
      bar.update(results.size(), String.format(Locale.ROOT, "%s %s: accuracy %.4f", c.id(), c.action().describe(),
          e.accuracy()));
    }
    return results;
  }

  @Override
  public CandidateEvaluation finalizeModel(SeriesEntry entry, FineTuneBudget budget) {
    out.printf(Locale.ROOT, "%s: final fine-tune of %s (%d epoch(s))%n", label, entry.id(), budget.epochs());
    long start = System.nanoTime();
    CandidateEvaluation e = delegate.finalizeModel(entry, budget);
    evaluatorNanos += System.nanoTime() - start;
    finalized++;
    return e;
  }

  int evaluated() {
    return evaluated;
  }

  int finalized() {
    return finalized;
  }

  /** Seconds spent evaluating candidates and fine-tuning final models. */
  double evaluatorSeconds() {
    return evaluatorNanos / 1e9;
  }
}
