package io.jointcs.search;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** One call to the evaluator, with its answer checked: exactly one result per candidate, matched by id. */
public final class EvaluationBatch {
  private EvaluationBatch() {}

  public static Map<String, CandidateEvaluation> evaluate(AccuracyEvaluator evaluator, List<Candidate> candidates) {
    List<CandidateEvaluation> results = evaluator.evaluate(List.copyOf(candidates));
    if (results == null) {
      throw new IllegalStateException("accuracy evaluator returned no result list for " + candidates.size()
          + " candidates");
    }
    Set<String> asked = candidates.stream().map(Candidate::id).collect(Collectors.toSet());
    Map<String, CandidateEvaluation> byId = new HashMap<>();
    for (CandidateEvaluation r : results) {
      if (r == null) {
        throw new IllegalStateException("accuracy evaluator returned a null result");
      }
      if (!asked.contains(r.candidateId())) {
        throw new IllegalStateException("accuracy evaluator returned a result for unknown candidate '"
            + r.candidateId() + "'");
      }
      if (byId.put(r.candidateId(), r) != null) {
        throw new IllegalStateException("accuracy evaluator returned two results for candidate '"
            + r.candidateId() + "'");
      }
    }
    for (Candidate c : candidates) {
      if (!byId.containsKey(c.id())) {
        throw new IllegalStateException("accuracy evaluator returned no result for candidate '" + c.id() + "' ("
            + c.action().describe() + ")");
      }
    }
    return byId;
  }
}
