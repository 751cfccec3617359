package io.jointcs.search;

import io.jointcs.model.ModelSpec;
import io.jointcs.segmentation.CutQuantization;
import java.util.List;

/**
 * An accepted state: a slim model with its cut per target, its predicted latencies and its measured accuracy.
 *
 * @param id the candidate id it was accepted as
 * @param parentId the state it derives from (empty for the initial model)
 * @param step iteration that accepted it
 * @param action what changed relative to the parent
 * @param spec widths of every channel group
 * @param quantization how the cut tensor travels
 * @param cuts the cut and end-to-end latency of every target, in target order
 * @param normalizedLatency the aggregate T / goal that drove the search (&lt;= 1: goal met)
 * @param accuracy accuracy after the search's short fine-tune, in [0, 1]
 * @param artifact the evaluator's handle of its weights
 * @param finalFineTune the longer final fine-tune, null unless the model was finalized
 */
public record SeriesEntry(String id, String parentId, int step, SearchAction action, ModelSpec spec,
    CutQuantization quantization, List<TargetCut> cuts, double normalizedLatency, double accuracy, String artifact,
    FinalFineTune finalFineTune) {

  public SeriesEntry {
    cuts = List.copyOf(cuts);
  }

  public static SeriesEntry accepted(Candidate candidate, CandidateEvaluation evaluation) {
    return new SeriesEntry(candidate.id(), candidate.parentId(), candidate.step(), candidate.action(),
        candidate.spec(), candidate.quantization(), candidate.cuts(), candidate.normalizedLatency(),
        evaluation.accuracy(), evaluation.artifact(), null);
  }

  /** The accuracy to report: after the final fine-tune when there was one. */
  public double reportedAccuracy() {
    return finalFineTune == null ? accuracy : finalFineTune.accuracy();
  }

  public boolean meetsGoal() {
    return normalizedLatency <= 1.0;
  }

  /** The cut of the named target. */
  public TargetCut cut(String target) {
    return cuts.stream().filter(c -> c.target().equals(target)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("state '" + id + "' has no cut for target '" + target
            + "'; its targets are " + cuts.stream().map(TargetCut::target).toList()));
  }

  public SeriesEntry withFinalFineTune(FinalFineTune fineTune) {
    return new SeriesEntry(id, parentId, step, action, spec, quantization, cuts, normalizedLatency, accuracy, artifact,
        fineTune);
  }

  /** The same model re-placed under other cuts (compress then segment). */
  public SeriesEntry withCuts(List<TargetCut> newCuts, double newNormalizedLatency) {
    return new SeriesEntry(id, parentId, step, action, spec, quantization, newCuts, newNormalizedLatency, accuracy,
        artifact, finalFineTune);
  }
}
