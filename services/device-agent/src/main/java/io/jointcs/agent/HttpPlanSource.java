package io.jointcs.agent;

import io.jointcs.events.DeploymentPlan;
import io.jointcs.events.codec.EventCodec;
import io.jointcs.events.codec.EventDecodingException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls search-orchestration's {@code GET /plans/{deviceId}} for devices without a Kafka client. The body is the
 * DeploymentPlan in the Avro JSON encoding (or single-object binary; the codec reads both); 404 means no plan
 * yet. Failures are logged and the next poll tries again.
 */
final class HttpPlanSource implements PlanSource {
  private static final Logger log = LoggerFactory.getLogger(HttpPlanSource.class);
  private static final EventCodec<DeploymentPlan> CODEC = EventCodec.of(DeploymentPlan.class);

  private final URI endpoint;
  private final HttpClient http;
  private final PlanSelector selector;
  private volatile CountDownLatch wake = new CountDownLatch(1);
  private boolean firstPoll = true;
  private String lastProblem;

  HttpPlanSource(URI orchestratorUrl, String deviceId) {
    this.endpoint = orchestratorUrl.resolve("/plans/" + URLEncoder.encode(deviceId, StandardCharsets.UTF_8));
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    this.selector = new PlanSelector(deviceId);
  }

  @Override
  public Optional<DeploymentPlan> latest(Duration maxWait) throws InterruptedException {
    if (!firstPoll) {
      wake.await(maxWait.toMillis(), TimeUnit.MILLISECONDS); // between polls; wakeup() cuts it short
      wake = new CountDownLatch(1);
    }
    firstPoll = false;
    HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(10))
        .header("Accept", "application/json").GET().build();
    String problem = null;
    try {
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() == 200) {
        selector.offer(null, CODEC.decode(response.body()));
      } else if (response.statusCode() != 404) {
        problem = "HTTP " + response.statusCode();
      }
    } catch (IOException e) {
      problem = e.toString();
    } catch (EventDecodingException e) {
      problem = "the body is not a DeploymentPlan: " + e.getMessage();
    }
    if (problem != null && !problem.equals(lastProblem)) {
      log.warn("polling the plan at {} failed: {}; polling again in {} s", endpoint, problem, maxWait.toSeconds());
    }
    lastProblem = problem;
    return selector.latest();
  }

  @Override
  public void wakeup() {
    wake.countDown();
  }

  @Override
  public String describe() {
    return "HTTP " + endpoint;
  }

  @Override
  public void close() {
    wakeup();
  }
}
