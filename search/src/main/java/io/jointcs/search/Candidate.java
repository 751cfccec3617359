package io.jointcs.search;

import io.jointcs.model.ModelSpec;
import io.jointcs.segmentation.CutQuantization;
import java.util.List;

/**
 * A model the search wants the accuracy of: the parent state with one action applied, already placed (best cut per
 * target) by the predictor.
 *
 * @param id unique within a search and stable across runs, e.g. {@code s3.b0.g4-w12}
 * @param parentId id of the state it derives from (empty for the initial model and enumerated points)
 * @param parentArtifact the evaluator's handle of the parent's weights (empty: start from the initial model)
 * @param step iteration that produced it (0 for the initial model)
 * @param action what changed relative to the parent
 * @param spec widths of every channel group
 * @param quantization how the cut tensor travels; an evaluator measuring an INT8 cut quantizes at {@code cuts}
 *     (and reports the lowest accuracy when the targets' cuts differ)
 * @param cuts the best cut of every target, in target order
 * @param normalizedLatency the aggregate T / goal over the targets
 * @param seed seeds the evaluator's fine-tune of this candidate, derived from the search seed and the id
 */
public record Candidate(String id, String parentId, String parentArtifact, int step, SearchAction action,
    ModelSpec spec, CutQuantization quantization, List<TargetCut> cuts, double normalizedLatency, long seed) {

  public Candidate {
    cuts = List.copyOf(cuts);
  }

  /** A seed that depends only on the search seed and the candidate id (SplitMix64 finalizer). */
  public static long seedFor(long searchSeed, String id) {
    long z = searchSeed + 0x9E3779B97F4A7C15L * (id.hashCode() + 1L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
