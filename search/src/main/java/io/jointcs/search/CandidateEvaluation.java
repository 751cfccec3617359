package io.jointcs.search;

/**
 * The measured accuracy of one candidate.
 *
 * @param candidateId the candidate's id
 * @param accuracy top-1 accuracy on the validation split, in [0, 1]
 * @param artifact the evaluator's handle of the fine-tuned weights (e.g. a content address), empty if it keeps
 *     none; children of this state receive it as their parent artifact
 */
public record CandidateEvaluation(String candidateId, double accuracy, String artifact) {

  public CandidateEvaluation {
    if (candidateId == null || candidateId.isBlank()) {
      throw new IllegalArgumentException("an evaluation needs its candidate id");
    }
    if (!Double.isFinite(accuracy) || accuracy < 0 || accuracy > 1) {
      throw new IllegalArgumentException("accuracy of candidate '" + candidateId + "' must be in [0, 1], got "
          + accuracy);
    }
    artifact = artifact == null ? "" : artifact;
  }
}
