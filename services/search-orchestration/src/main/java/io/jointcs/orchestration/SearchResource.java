package io.jointcs.orchestration;

import io.jointcs.events.ArtifactRef;
import io.jointcs.events.Placement;
import io.jointcs.events.SearchEvent;
import io.jointcs.events.SearchRequest;
import io.jointcs.events.codec.EventCodec;
import io.jointcs.search.report.SvgPlot;
import io.smallrye.mutiny.Multi;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** Searches over HTTP: submit one (to jointcs.search.requests), follow it, read its series and front. */
@Path("/searches")
@Produces(MediaType.APPLICATION_JSON)
public class SearchResource {
  private static final EventCodec<SearchEvent> EVENTS = EventCodec.of(SearchEvent.class);

  public record Problem(int status, String error) {}

  public record Accepted(String searchId, String status, String location) {}

  public record Summary(String searchId, String status, int step, int candidatesEvaluated, int acceptedStates,
      String outcome, String error) {}

  public record StateView(String candidateId, String parentId, int step, int beamRank, double accuracy,
      Double finalAccuracy, String artifactSha256, double normalizedLatency, List<PlacementView> placements) {}

  public record PlacementView(String target, int cutPoint, int blockCount, double deviceMs, double transferMs,
      double edgeMs, double totalMs) {}

  public record Detail(Summary summary, Map<String, Long> predictorVersions, double latencyTargetMs,
      List<StateView> accepted) {}

  @Inject
  Orchestrator orchestrator;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Ask for a joint search", description = "Validates the request (device classes against the "
      + "current latency predictors, the base model against the artifact store) and publishes it on "
      + "jointcs.search.requests keyed by its id; 202 with the id. An id that exists already starts nothing.")
  public Response submit(SearchSubmission body) {
    if (!orchestrator.ready()) {
      return problem(503, "the orchestrator is still reading its state topics");
    }
    if (body == null) {
      return problem(400, "a JSON body is required");
    }
    SearchRequest request;
    try {
      request = body.toRequest(System.currentTimeMillis());
      if (orchestrator.known(request.getSearchId())) {
        return Response.status(202).entity(new Accepted(request.getSearchId(), "exists",
            "/searches/" + request.getSearchId())).build();
      }
      orchestrator.validate(request);
      String sha = ((ArtifactRef) request.getBaseModel()).getSha256();
      request = SearchRequest.newBuilder(request).setBaseModel(orchestrator.artifacts().modelRef(sha)).build();
    } catch (IllegalArgumentException | UnavailableException e) {
      return problem(400, e.getMessage());
    }
    try {
      orchestrator.submit(request);
    } catch (RuntimeException e) {
      return problem(503, "the request could not be published: " + e.getMessage());
    }
    return Response.status(202).entity(new Accepted(request.getSearchId(), "requested",
        "/searches/" + request.getSearchId())).build();
  }

  @GET
  @Operation(summary = "Every search known, newest state first")
  public List<Summary> list() {
    return orchestrator.searches().stream().map(SearchResource::summary)
        .sorted(Comparator.comparing(Summary::searchId)).toList();
  }

  @GET
  @Path("/{id}")
  @Operation(summary = "A search: state, step, candidates evaluated, accepted states")
  public Response get(@PathParam("id") String id) {
    return orchestrator.search(id).<Response>map(v -> Response.ok(detail(v)).build()).orElseGet(() -> orchestrator
        .rejection(id).map(why -> problem(422, "search " + id + " was not started: " + why))
        .orElseGet(() -> problem(404, "no search " + id)));
  }

  @GET
  @Path("/{id}/progress")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @RestStreamElementType(MediaType.APPLICATION_JSON)
  @Operation(summary = "The search's events as server-sent events (Avro JSON of SearchEvent): the stored ones, "
      + "then live ones; the stream ends after SearchCompleted or SearchFailed")
  public Multi<String> progress(@PathParam("id") String id) {
    return Multi.createFrom().emitter(emitter -> {
      long[] sent = {-1};
      Object lock = new Object();
      Runnable[] cancel = {() -> { }};
      java.util.function.Consumer<SearchEvent> send = e -> {
        synchronized (lock) {
          if (e.getSequenceNumber() <= sent[0] || emitter.isCancelled()) {
            return;
          }
          sent[0] = e.getSequenceNumber();
          emitter.emit(EVENTS.toJson(e));
          Object p = e.getPayload();
          if (p instanceof io.jointcs.events.SearchCompleted || p instanceof io.jointcs.events.SearchFailed) {
            cancel[0].run();
            emitter.complete();
          }
        }
      };
      cancel[0] = orchestrator.listen((searchId, e) -> {
        if (searchId.equals(id)) {
          send.accept(e);
        }
      });
      emitter.onTermination(() -> cancel[0].run());
      orchestrator.search(id).ifPresentOrElse(v -> v.events().forEach(send),
          () -> { });
    });
  }

  @GET
  @Path("/{id}/series")
  @Operation(summary = "The output series (base model to the chosen one) with each state's cut per target")
  public Response series(@PathParam("id") String id) {
    return orchestrator.search(id).<Response>map(v -> Response.ok(v.series().stream().map(SearchResource::state)
        .toList()).build()).orElseGet(() -> problem(404, "no search " + id));
  }

  @GET
  @Path("/{id}/front.svg")
  @Produces("image/svg+xml")
  @Operation(summary = "Accuracy against predicted end-to-end latency of every accepted state, one line per target")
  public Response front(@PathParam("id") String id) {
    return orchestrator.search(id).<Response>map(v -> {
      List<SearchView.State> states = v.accepted();
      if (states.isEmpty()) {
        return problem(404, "search " + id + " has no accepted state yet");
      }
      Map<String, List<SvgPlot.Point>> byTarget = new LinkedHashMap<>();
      for (SearchView.State s : states) {
        for (Placement p : s.placements()) {
          byTarget.computeIfAbsent(target(p), k -> new ArrayList<>())
              .add(new SvgPlot.Point(p.getPredictedLatency().getTotalMs(), 100 * s.reportedAccuracy()));
        }
      }
      List<SvgPlot.Series> series = byTarget.entrySet().stream().map(e -> new SvgPlot.Series(e.getKey(),
          e.getValue().stream().sorted(Comparator.comparingDouble(SvgPlot.Point::x)).toList())).toList();
      String svg = new SvgPlot("Accuracy vs end-to-end latency: search " + id, "latency predicted with the pinned "
          + "predictors; accuracy measured by the compression executors", "end-to-end latency (ms)",
          "top-1 accuracy (%)", series).render();
      return Response.ok(svg, "image/svg+xml").build();
    }).orElseGet(() -> problem(404, "no search " + id));
  }

  static Summary summary(SearchView v) {
    return new Summary(v.searchId(), v.status().name(), v.step(), v.candidatesProposed(), v.accepted().size(),
        v.completed() == null ? null : v.completed().getOutcome().name(),
        v.failed() == null ? null : v.failed().getErrorMessage());
  }

  static Detail detail(SearchView v) {
    return new Detail(summary(v), v.started() == null ? Map.of() : v.started().getPredictorVersions(),
        v.request() == null ? Double.NaN : v.request().getConstraints().getLatencyTargetMs(),
        v.accepted().stream().map(SearchResource::state).toList());
  }

  static StateView state(SearchView.State s) {
    return new StateView(s.id(), s.parentId(), s.step(), s.beamRank(), s.accuracy(), s.finalAccuracy(),
        s.deployedArtifact().getSha256(), s.normalizedLatency(), s.placements().stream().map(p -> new PlacementView(
            target(p), p.getCutPoint(), p.getBlockCount(), p.getPredictedLatency().getDeviceMs(),
            p.getPredictedLatency().getTransferMs(), p.getPredictedLatency().getEdgeMs(),
            p.getPredictedLatency().getTotalMs())).toList());
  }

  private static String target(Placement p) {
    return p.getDeviceClass() + "@" + p.getNetwork().getName();
  }

  static Response problem(int status, String message) {
    return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new Problem(status, message)).build();
  }
}
