package io.jointcs.search.evaluation;

import io.jointcs.search.AccuracyEvaluator;
import io.jointcs.search.Candidate;
import io.jointcs.search.CandidateEvaluation;
import io.jointcs.search.EvaluationBatch;
import io.jointcs.search.FineTuneBudget;
import io.jointcs.search.SeriesEntry;
import io.jointcs.search.TargetCut;
import io.jointcs.segmentation.CutQuantization;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates a candidate once per run: several searches that ask for the same model (the unpruned root of every
 * search; the compression-only progression of one device class, identical on every uplink) get the earlier answer.
 * An evaluator is deterministic for a candidate's seed, so the answer is the one a fresh evaluation would give; the
 * key is everything the evaluation depends on: parent weights, widths, cut-tensor quantization (and the cuts, when it is
 * INT8), seed.
 */
public final class ReusingEvaluator implements AccuracyEvaluator {
  private record Key(String parentArtifact, List<Integer> widths, CutQuantization quantization, List<Integer> cuts,
      long seed) {}

  private record Answer(double accuracy, String artifact) {}

  private final AccuracyEvaluator delegate;
  private final Map<Key, Answer> answers = new HashMap<>();
  private int reused;

  public ReusingEvaluator(AccuracyEvaluator delegate) {
    if (delegate == null) {
      throw new IllegalArgumentException("a reusing evaluator needs an evaluator to delegate to");
    }
    this.delegate = delegate;
  }

  @Override
  public List<CandidateEvaluation> evaluate(List<Candidate> candidates) {
    List<Candidate> fresh = new ArrayList<>();
    for (Candidate c : candidates) {
      if (!answers.containsKey(key(c))) {
        fresh.add(c);
      }
    }
    if (!fresh.isEmpty()) {
      Map<String, CandidateEvaluation> byId = EvaluationBatch.evaluate(delegate, fresh);
      for (Candidate c : fresh) {
        CandidateEvaluation e = byId.get(c.id());
        answers.put(key(c), new Answer(e.accuracy(), e.artifact()));
      }
    }
    reused += candidates.size() - fresh.size();
    return candidates.stream().map(c -> {
      Answer a = answers.get(key(c));
      return new CandidateEvaluation(c.id(), a.accuracy(), a.artifact());
    }).toList();
  }

  /** Final fine-tunes are not shared: each series gets its own. */
  @Override
  public CandidateEvaluation finalizeModel(SeriesEntry entry, FineTuneBudget budget) {
    return delegate.finalizeModel(entry, budget);
  }

  /** Candidates answered from an earlier evaluation. */
  public int reused() {
    return reused;
  }

  private static Key key(Candidate c) {
    // the cut only matters to accuracy where the tensor crossing it is quantized
    List<Integer> cuts = c.quantization() == CutQuantization.NONE ? List.of()
        : c.cuts().stream().map(TargetCut::cutPoint).toList();
    return new Key(c.parentArtifact(), c.spec().widths(), c.quantization(), cuts, c.seed());
  }
}
