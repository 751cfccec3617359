package io.jointcs.orchestration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the state topics were read to their end and unfinished searches were resumed. */
@Readiness
@ApplicationScoped
public class OrchestratorHealth implements HealthCheck {

  @Inject
  Orchestrator orchestrator;

  @Override
  public HealthCheckResponse call() {
    var builder = HealthCheckResponse.named("search-orchestration-state").status(orchestrator.ready())
        .withData("runningSearches", orchestrator.runningSearches());
    orchestrator.startupError().ifPresent(e -> builder.withData("startupError", e));
    return builder.build();
  }
}
