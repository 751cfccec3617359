package io.jointcs.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.jointcs.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The few HTTP calls the demo makes to the services: JSON in and out, every answer with its status. */
public final class HttpJson {
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** An answer: status and body (parsed when it is JSON, else null). */
  public record Answer(int status, String body, JsonNode json) {
    public boolean ok() {
      return status >= 200 && status < 300;
    }

    /** The service's {@code error} text if it sent one, else the body. */
    public String error() {
      return json != null && json.hasNonNull("error") ? json.get("error").asText() : body;
    }
  }

  public Answer get(URI uri) throws IOException {
    return send(HttpRequest.newBuilder(uri).GET());
  }

  public Answer postJson(URI uri, Object body) throws IOException {
    return send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(Json.mapper().writeValueAsString(body))));
  }

  public Answer post(URI uri) throws IOException {
    return send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody()));
  }

  public Answer putBytes(URI uri, byte[] body) throws IOException {
    return send(HttpRequest.newBuilder(uri).header("Content-Type", "application/octet-stream")
        .PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  private Answer send(HttpRequest.Builder request) throws IOException {
    try {
      HttpResponse<String> r = client.send(request.timeout(REQUEST_TIMEOUT).header("Accept", "application/json")
          .build(), HttpResponse.BodyHandlers.ofString());
      JsonNode json = null;
      String type = r.headers().firstValue("Content-Type").orElse("");
      if (type.contains("json") && !r.body().isBlank()) {
        try {
          json = Json.mapper().readTree(r.body());
        } catch (IOException e) {
          json = null; // not JSON after all: the body is still there
        }
      }
      return new Answer(r.statusCode(), r.body(), json);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
