package io.jointcs.executor;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/** Health of the worker loops, on /q/health/live and /q/health/ready. */
public class ExecutorHealth {

  /** Alive while no worker loop is stuck: each turns at least every poll timeout, evaluating or not. */
  @Liveness
  @ApplicationScoped
  static class Live implements HealthCheck {
    @Inject
    CompressionExecutor executor;

    @Override
    public HealthCheckResponse call() {
      HealthCheckResponseBuilder response = HealthCheckResponse.named("compression-execution workers alive");
      boolean up = true;
      for (Worker worker : executor.workers()) {
        boolean stalled = worker.state() != Worker.State.STOPPED
            && worker.sinceLastTurn().compareTo(executor.stallTimeout()) > 0;
        up &= !stalled;
        response.withData(worker.workerId(), worker.state() + (stalled ? " (stalled " + worker.sinceLastTurn() + ")" : ""));
      }
      return response.status(up).build();
    }
  }

  /** Ready once the result ledger is loaded and every worker is connected (polling or evaluating). */
  @Readiness
  @ApplicationScoped
  static class Ready implements HealthCheck {
    @Inject
    CompressionExecutor executor;

    @Override
    public HealthCheckResponse call() {
      HealthCheckResponseBuilder response = HealthCheckResponse.named("compression-execution workers ready");
      List<Worker> workers = executor.workers();
      boolean up = executor.ledgerReady() && workers.size() == executor.configuredWorkers();
      response.withData("ledger", executor.ledgerReady() ? "loaded" : "loading");
      if (executor.startupError() != null) {
        response.withData("startup", executor.startupError());
      }
      for (Worker worker : workers) {
        Worker.State state = worker.state();
        up &= state == Worker.State.POLLING || state == Worker.State.EVALUATING;
        response.withData(worker.workerId(), state + (worker.lastError() == null ? "" : ": " + worker.lastError()));
      }
      return response.status(up).build();
    }
  }
}
