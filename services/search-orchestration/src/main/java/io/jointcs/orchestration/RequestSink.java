package io.jointcs.orchestration;

import io.jointcs.events.CandidateEvaluationRequest;

/** Where evaluation requests go: jointcs.candidates.requests (keyed by candidate id) in the service. */
@FunctionalInterface
public interface RequestSink {

  /** Publishes the request and returns once the broker acknowledged it. */
  void publish(CandidateEvaluationRequest request);
}
