package io.jointcs.executor;

import io.jointcs.events.CandidateEvaluationResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * What the workers did, on /q/metrics: {@code jointcs_executor_evaluations_total{outcome}} (evaluations run, success
 * or error), {@code jointcs_executor_evaluation_duration_seconds{outcome}}, {@code
 * jointcs_executor_results_published_total{outcome}}, {@code jointcs_executor_requests_skipped_total{reason}}
 * (already_published, unreadable), {@code jointcs_executor_evaluations_abandoned_total} and {@code
 * jointcs_executor_commits_failed_total}.
 */
@ApplicationScoped
public class ExecutorMetrics {
  private final MeterRegistry registry;

  public ExecutorMetrics(MeterRegistry registry) {
    this.registry = registry;
    // registered at zero, so dashboards and alerts see the series before the first evaluation
    for (String outcome : new String[] {"success", "error"}) {
      Counter.builder("jointcs.executor.evaluations").description("Candidate evaluations run, by outcome")
          .tag("outcome", outcome).register(registry);
      Counter.builder("jointcs.executor.results.published").description("Results committed, by outcome")
          .tag("outcome", outcome).register(registry);
    }
  }

  /** An evaluation ran to its end (successfully or with an error result). */
  public void evaluated(CandidateEvaluationResult result, Duration took) {
    String outcome = outcome(result);
    Counter.builder("jointcs.executor.evaluations").description("Candidate evaluations run, by outcome")
        .tag("outcome", outcome).register(registry).increment();
    Timer.builder("jointcs.executor.evaluation.duration")
        .description("Wall-clock time of one evaluation: fetch, prune, recalibrate, fine-tune, validate, store")
        .tag("outcome", outcome).register(registry).record(took);
  }

  /** A result was committed on the results topic. */
  public void published(CandidateEvaluationResult result) {
    Counter.builder("jointcs.executor.results.published").description("Results committed, by outcome")
        .tag("outcome", outcome(result)).register(registry).increment();
  }

  /** A request was committed without a result: reason already_published or unreadable. */
  public void skipped(String reason) {
    Counter.builder("jointcs.executor.requests.skipped").description("Requests committed without publishing")
        .tag("reason", reason).register(registry).increment();
  }

  public void abandoned() {
    Counter.builder("jointcs.executor.evaluations.abandoned")
        .description("Evaluations abandoned uncommitted at shutdown").register(registry).increment();
  }

  public void commitFailed() {
    Counter.builder("jointcs.executor.commits.failed")
        .description("Transactions aborted; their request is read again").register(registry).increment();
  }

  /** Evaluations run so far with this outcome (success or error). */
  public double evaluations(String outcome) {
    Counter counter = registry.find("jointcs.executor.evaluations").tag("outcome", outcome).counter();
    return counter == null ? 0 : counter.count();
  }

  static String outcome(CandidateEvaluationResult result) {
    return result.getError() == null ? "success" : "error";
  }
}
