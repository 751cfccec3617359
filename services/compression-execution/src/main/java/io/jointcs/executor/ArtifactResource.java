package io.jointcs.executor;

import io.jointcs.artifact.FileArtifactStore;
import io.jointcs.artifact.ModelArtifact;
import io.jointcs.events.ArtifactRef;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The content-addressed model store over HTTP: the orchestrator and device agents download fine-tuned models
 * ({@code GET}), anyone may check for one ({@code HEAD}) or upload a base model ({@code PUT}, verified).
 */
@Path("/artifacts")
public class ArtifactResource {
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  /** An error body: what was wrong, for a person to read. */
  public record Problem(String error) {}

  /** What an upload stored. */
  public record Stored(String sha256, long sizeBytes, String ref, String kind, String architecture) {}

  @Inject
  FileArtifactStore store;

  @Inject
  ArtifactRepository artifacts;

  @GET
  @Path("/{sha256}")
  @Produces({MediaType.APPLICATION_OCTET_STREAM, MediaType.APPLICATION_JSON})
  @Operation(summary = "Download a model artifact (.jcsm) by the SHA-256 of its bytes; verify it after download")
  @APIResponse(responseCode = "200", description = "the artifact's bytes")
  @APIResponse(responseCode = "400", description = "not a sha256 (64 lower-case hex digits)")
  @APIResponse(responseCode = "404", description = "not in this store")
  public Response download(@PathParam("sha256") @Parameter(description = "64 lower-case hex digits") String sha256) {
    Response invalid = checkName(sha256);
    if (invalid != null) {
      return invalid;
    }
    java.nio.file.Path file = store.pathOf(sha256);
    // the server sets Content-Length from the file and streams it
    return headers(Response.ok(file, MediaType.APPLICATION_OCTET_STREAM_TYPE), sha256, file, false).build();
  }

  @HEAD
  @Path("/{sha256}")
  @Operation(summary = "Whether the store holds an artifact, and its size")
  public Response exists(@PathParam("sha256") String sha256) {
    Response invalid = checkName(sha256);
    if (invalid != null) {
      return Response.status(invalid.getStatus()).build();
    }
    java.nio.file.Path file = store.pathOf(sha256);
    return headers(Response.ok().type(MediaType.APPLICATION_OCTET_STREAM_TYPE), sha256, file, true).build();
  }

  @PUT
  @Consumes(MediaType.APPLICATION_OCTET_STREAM)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "Upload a model artifact; it is parsed, hashed and stored under its sha256")
  @APIResponse(responseCode = "201", description = "stored; Location names it")
  @APIResponse(responseCode = "200", description = "already stored")
  @APIResponse(responseCode = "400", description = "not a model artifact, or not the expected sha256")
  public Response upload(byte[] body,
      @QueryParam("sha256") @Parameter(description = "expected sha256: the upload is refused unless it matches")
      String expected) throws IOException {
    if (body == null || body.length == 0) {
      return problem(400, "empty body: PUT the bytes of a .jcsm model artifact");
    }
    ModelArtifact artifact;
    try {
      artifact = ModelArtifact.parse(body, "the uploaded artifact");
    } catch (IOException e) {
      return problem(400, "not a model artifact: " + e.getMessage());
    }
    if (expected != null && !expected.equals(artifact.sha256())) {
      return problem(400, "sha256 mismatch: the upload has sha256 " + artifact.sha256() + ", expected " + expected);
    }
    boolean existed = store.contains(artifact.sha256());
    ArtifactRef ref = artifacts.put(artifact);
    Stored stored = new Stored(ref.getSha256(), ref.getSizeBytes(), ref.getRef(), artifact.kind().name(),
        artifact.spec().architecture().id());
    return existed ? Response.ok(stored).build()
        : Response.created(URI.create("/artifacts/" + artifact.sha256())).entity(stored).build();
  }

  private Response checkName(String sha256) {
    if (!SHA256.matcher(sha256).matches()) {
      return problem(400, "'" + sha256 + "' is not a sha256: 64 lower-case hex digits");
    }
    if (!Files.isRegularFile(store.pathOf(sha256))) {
      return problem(404, "no artifact " + sha256 + " in this store");
    }
    return null;
  }

  private static Response.ResponseBuilder headers(Response.ResponseBuilder response, String sha256,
      java.nio.file.Path file, boolean length) {
    if (length) {
      try {
        response.header("Content-Length", Files.size(file));
      } catch (IOException e) {
        // answered without the length
      }
    }
    return response.header("ETag", "\"" + sha256 + "\"")
        .header("Content-Disposition", "attachment; filename=\"" + sha256 + ModelArtifact.FILE_EXTENSION + "\"");
  }

  private static Response problem(int status, String message) {
    return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new Problem(message)).build();
  }
}
