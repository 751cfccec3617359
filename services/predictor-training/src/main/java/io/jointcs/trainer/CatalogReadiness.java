package io.jointcs.trainer;

import io.jointcs.topics.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the current predictors are loaded: before that nothing is retrained and predictions may 404. */
@Readiness
@ApplicationScoped
public class CatalogReadiness implements HealthCheck {
  @Inject
  PredictorCatalog catalog;

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("predictor-catalog").status(catalog.loaded())
        .withData("topic", Topics.PREDICTORS.name()).withData("classes", catalog.all().size()).build();
  }
}
