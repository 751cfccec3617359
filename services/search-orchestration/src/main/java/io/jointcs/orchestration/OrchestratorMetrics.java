package io.jointcs.orchestration;

import io.jointcs.events.PlanReason;
import io.jointcs.events.SearchEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;

/** Micrometer meters of the service (Prometheus at /q/metrics). */
@ApplicationScoped
public class OrchestratorMetrics {

  @Inject
  MeterRegistry registry;

  @Inject
  jakarta.enterprise.inject.Instance<Orchestrator> orchestrator;

  @jakarta.annotation.PostConstruct
  void gauges() {
    registry.gauge("jointcs.searches.running", this, m -> m.orchestrator.get().runningSearches());
  }

  void eventPublished(SearchEvent event) {
    Counter.builder("jointcs.search.events.published").description("search events written to jointcs.search.events")
        .tag("type", event.getPayload().getClass().getSimpleName()).register(registry).increment();
  }

  void candidateRequested() {
    Counter.builder("jointcs.candidates.requested").description("evaluation requests written")
        .register(registry).increment();
  }

  void requestRejected() {
    Counter.builder("jointcs.search.requests.rejected").description("search requests that did not start")
        .register(registry).increment();
  }

  void recordSkipped(String topic) {
    Counter.builder("jointcs.records.skipped").description("records that did not decode, logged and skipped")
        .tag("topic", topic).register(registry).increment();
  }

  void resegmentation(boolean changed) {
    Counter.builder("jointcs.plans.resegmentations").description("re-segmentations computed")
        .tag("outcome", changed ? "new-plan" : "kept").register(registry).increment();
  }

  /**
   * @param triggeredAtEpochMs when the trigger was detected (a NetworkChange's detectedAtEpochMs); -1 when none
   */
  void planPublished(PlanReason reason, long triggeredAtEpochMs) {
    Counter.builder("jointcs.plans.published").description("deployment plans written to jointcs.plans")
        .tag("reason", reason.name()).register(registry).increment();
    if (triggeredAtEpochMs > 0) {
      Timer.builder("jointcs.plans.reaction").description("from network-change detection to the new plan published")
          .publishPercentiles(0.5, 0.99).register(registry)
          .record(Duration.ofMillis(Math.max(0, System.currentTimeMillis() - triggeredAtEpochMs)));
    }
  }
}
