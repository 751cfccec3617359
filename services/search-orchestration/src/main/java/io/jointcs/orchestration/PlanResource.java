package io.jointcs.orchestration;

import io.jointcs.events.DeploymentPlan;
import io.jointcs.events.codec.EventCodec;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** {@code GET /plans/{deviceId}}: the current plan of a device, for devices that cannot run a Kafka client. */
@Path("/plans")
public class PlanResource {
  private static final EventCodec<DeploymentPlan> PLANS = EventCodec.of(DeploymentPlan.class);

  @Inject
  Orchestrator orchestrator;

  @GET
  @Path("/{deviceId}")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "The latest DeploymentPlan of a device, in the Avro JSON encoding (docs/events.md)",
      description = "The same record as the device's key on jointcs.plans; a device applies it only when its "
          + "planVersion is higher than the one it runs. 404 while the device has no plan.")
  public Response plan(@PathParam("deviceId") String deviceId) {
    return orchestrator.plan(deviceId).map(p -> Response.ok(PLANS.toJson(p)).build())
        .orElseGet(() -> SearchResource.problem(404, "device " + deviceId + " has no plan yet"));
  }
}
