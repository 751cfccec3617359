package io.jointcs.search.evaluation;

import io.jointcs.model.ModelSpec;
import io.jointcs.search.AccuracyEvaluator;
import io.jointcs.search.Candidate;
import io.jointcs.search.CandidateEvaluation;
import io.jointcs.search.FineTuneBudget;
import io.jointcs.search.SeriesEntry;
import java.util.List;

/**
 * A PROXY accuracy, not a measurement: {@code baseAccuracy * (MACs / base MACs)^exponent}, costing nothing. It
 * exists to measure what a search spends besides evaluating candidates (predictor queries, candidate generation)
 * and how many candidates it asks for, on architectures or beam widths where the real evaluator is out of budget.
 * Results built on it must say the accuracy is a proxy.
 *
 * @param base the unpruned model
 * @param baseAccuracy the proxy accuracy of {@code base}, in [0, 1]
 * @param exponent how steeply accuracy falls with MACs, &gt; 0
 */
public record MacsProxyEvaluator(ModelSpec base, double baseAccuracy, double exponent) implements AccuracyEvaluator {

  public MacsProxyEvaluator {
    if (base == null) {
      throw new IllegalArgumentException("a proxy evaluator needs the base model");
    }
    if (!(baseAccuracy >= 0 && baseAccuracy <= 1) || !(exponent > 0) || !Double.isFinite(exponent)) {
      throw new IllegalArgumentException("proxy accuracy needs a base accuracy in [0, 1] and an exponent > 0, got "
          + baseAccuracy + " and " + exponent);
    }
  }

  @Override
  public List<CandidateEvaluation> evaluate(List<Candidate> candidates) {
    return candidates.stream().map(c -> new CandidateEvaluation(c.id(), accuracy(c.spec()), "")).toList();
  }

  @Override
  public CandidateEvaluation finalizeModel(SeriesEntry entry, FineTuneBudget budget) {
    return new CandidateEvaluation(entry.id(), accuracy(entry.spec()), "");
  }

  public double accuracy(ModelSpec spec) {
    double ratio = (double) spec.plan().macs() / base.plan().macs();
    return Math.min(1, baseAccuracy * Math.pow(ratio, exponent));
  }
}
