package io.jointcs.executor;

import io.jointcs.events.CandidateEvaluationRequest;
import io.jointcs.events.CandidateEvaluationResult;

/** What a worker runs per request: {@link CandidateEvaluator} in the service; never throws, failures are results. */
@FunctionalInterface
interface Evaluation {
  CandidateEvaluationResult evaluate(CandidateEvaluationRequest request, String workerId);
}
