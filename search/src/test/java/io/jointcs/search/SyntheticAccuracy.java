package io.jointcs.search;

import io.jointcs.model.ChannelGroup;
import io.jointcs.model.ModelSpec;
import io.jointcs.segmentation.CutQuantization;
import java.util.ArrayList;
import java.util.List;

/**
 * A stand-in compression executor for fast tests: accuracy falls with the log of the channels removed from each
 * group, weighted by a group-dependent sensitivity, and a little with an INT8 cut. Deterministic, so two searches
 * over the same models see the same accuracies; records every batch it was asked.
 */
final class SyntheticAccuracy implements AccuracyEvaluator {
  static final double BASE_ACCURACY = 0.92;
  static final double INT8_PENALTY = 0.002;
  static final double FINAL_BONUS = 0.004;

  private final double[] sensitivity;
  final List<List<Candidate>> batches = new ArrayList<>();
  final List<String> finalized = new ArrayList<>();

  SyntheticAccuracy(double[] sensitivity) {
    this.sensitivity = sensitivity.clone();
  }

  /** Sensitivities between 0.004 and 0.02 per group, spread by the golden ratio (no two groups alike). */
  static SyntheticAccuracy forGroups(int groups) {
    double[] s = new double[groups];
    for (int g = 0; g < groups; g++) {
      double frac = (g * 0.6180339887498949) % 1.0;
      s[g] = 0.004 + 0.016 * frac;
    }
    return new SyntheticAccuracy(s);
  }

  double accuracy(ModelSpec spec, CutQuantization quantization) {
    double drop = 0;
    for (ChannelGroup group : spec.architecture().channelGroups()) {
      drop += sensitivity[group.index()] * Math.log((double) group.baseWidth() / spec.width(group.index()));
    }
    if (quantization == CutQuantization.INT8) {
      drop += INT8_PENALTY;
    }
    return Math.max(0, Math.min(1, BASE_ACCURACY - drop));
  }

  int evaluatedCount() {
    return batches.stream().mapToInt(List::size).sum();
  }

  @Override
  public List<CandidateEvaluation> evaluate(List<Candidate> candidates) {
    batches.add(List.copyOf(candidates));
    List<CandidateEvaluation> out = new ArrayList<>();
    // answered in reverse order: the search must match results by id, as with a distributed executor
    for (int i = candidates.size() - 1; i >= 0; i--) {
      Candidate c = candidates.get(i);
      out.add(new CandidateEvaluation(c.id(), accuracy(c.spec(), c.quantization()), "artifact:" + c.id()));
    }
    return out;
  }

  @Override
  public CandidateEvaluation finalizeModel(SeriesEntry entry, FineTuneBudget budget) {
    finalized.add(entry.id());
    return new CandidateEvaluation(entry.id(), Math.min(1, entry.accuracy() + FINAL_BONUS), "final:" + entry.id());
  }
}
