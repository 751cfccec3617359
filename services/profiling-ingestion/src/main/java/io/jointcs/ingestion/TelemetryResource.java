package io.jointcs.ingestion;

import io.jointcs.telemetry.TelemetryBatch;
import io.jointcs.topics.Topics;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * {@code POST /telemetry}: a device's telemetry batch, written to jointcs.telemetry.raw (keyed by the
 * authenticated device id) so that HTTP and Kafka telemetry share one validation path. Answers 202 once every
 * record of the batch is acknowledged by the broker (acks=all); validation happens downstream, and records that
 * fail it land on jointcs.telemetry.rejected.
 */
@Path("/telemetry")
public class TelemetryResource {
  private static final Logger LOG = Logger.getLogger(TelemetryResource.class);
  private static final String BEARER = "Bearer ";

  /** What a 202 says: whose records, how many, where they went. */
  public record Accepted(String deviceId, int records, String topic) {}

  public record Problem(int status, String error) {}

  @Inject
  DeviceTokens tokens;

  @Inject
  IngestionConfig config;

  @Inject
  IngestionMetrics metrics;

  // the topic comes from the catalogue on each record's metadata, not from channel configuration
  @Inject
  @Channel("telemetry-raw")
  MutinyEmitter<byte[]> raw;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "Submit a telemetry batch",
      description = "A JSON array of DeviceTelemetry records in the Avro JSON encoding (docs/events.md), or one "
          + "record, of the device the bearer token belongs to.")
  @APIResponse(responseCode = "202", description = "Every record is on jointcs.telemetry.raw; validation follows")
  @APIResponse(responseCode = "400", description = "The body is not a JSON array or object")
  @APIResponse(responseCode = "401", description = "No bearer token, or an unknown one")
  @APIResponse(responseCode = "403", description = "A record names another device than the token's")
  @APIResponse(responseCode = "413", description = "Body or record count over the limit")
  @APIResponse(responseCode = "503", description = "Kafka did not acknowledge the batch; retry it")
  public Uni<Response> submit(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, byte[] body) {
    long receivedAt = System.currentTimeMillis();
    if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return refuse(Response.Status.UNAUTHORIZED, "unauthorized", "missing bearer token (Authorization: Bearer <token>)");
    }
    var device = tokens.deviceOf(authorization.substring(BEARER.length()).strip());
    if (device.isEmpty()) {
      return refuse(Response.Status.UNAUTHORIZED, "unauthorized", "unknown bearer token");
    }
    String deviceId = device.get();
    List<TelemetryBatch.Item> items;
    try {
      items = TelemetryBatch.split(body == null ? new byte[0] : body, config.maxBatchRecords());
    } catch (TelemetryBatch.MalformedBatchException e) {
      return refuse(Response.Status.BAD_REQUEST, "malformed", e.getMessage());
    } catch (TelemetryBatch.TooManyRecordsException e) {
      return refuse(Response.Status.REQUEST_ENTITY_TOO_LARGE, "too_large", e.getMessage());
    }
    for (TelemetryBatch.Item item : items) {
      if (item.claimedDeviceId() != null && !item.claimedDeviceId().equals(deviceId)) {
        return refuse(Response.Status.FORBIDDEN, "forbidden", "the token of device " + deviceId
            + " cannot submit telemetry of device " + item.claimedDeviceId());
      }
    }
    List<Uni<Void>> sends = new ArrayList<>(items.size());
    for (TelemetryBatch.Item item : items) {
      OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
          .withTopic(Topics.TELEMETRY_RAW.name())
          .withKey(deviceId)
          .withHeaders(RawHeaders.http(receivedAt))
          .build();
      sends.add(raw.sendMessage(Message.of(item.bytes()).addMetadata(metadata)));
    }
    Uni<Void> all = sends.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(sends).andFailFast().replaceWithVoid();
    return all
        .map(ignored -> {
          metrics.httpBatch("accepted");
          return Response.status(Response.Status.ACCEPTED)
              .entity(new Accepted(deviceId, items.size(), Topics.TELEMETRY_RAW.name())).build();
        })
        .onFailure().recoverWithItem(failure -> {
          LOG.warnf("batch of %d records from device %s not acknowledged: %s", items.size(), deviceId,
              failure.toString());
          metrics.httpBatch("unavailable");
          return Response.status(Response.Status.SERVICE_UNAVAILABLE).header("Retry-After", "5")
              .entity(new Problem(503, "Kafka did not acknowledge the batch; send it again")).build();
        });
  }

  private Uni<Response> refuse(Response.Status status, String outcome, String message) {
    metrics.httpBatch(outcome);
    Response.ResponseBuilder response = Response.status(status).entity(new Problem(status.getStatusCode(), message));
    if (status == Response.Status.UNAUTHORIZED) {
      response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"jointcs-ingestion\"");
    }
    return Uni.createFrom().item(response.build());
  }
}
