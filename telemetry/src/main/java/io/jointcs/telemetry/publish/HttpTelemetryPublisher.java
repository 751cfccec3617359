package io.jointcs.telemetry.publish;

import io.jointcs.events.DeviceTelemetry;
import io.jointcs.events.codec.EventCodec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Telemetry to profiling-ingestion's {@code POST /telemetry} for devices without a Kafka client: a JSON array of
 * Avro JSON records, authenticated with the device's bearer token. A sender thread drains a bounded queue in
 * batches, so measuring never waits on the network; a full queue drops new records (counted, logged).
 *
 * <p>Failure strategy: 503 and I/O errors are retried with back-off (the batch keeps its place, so order is kept);
 * 400/401/403/413 mean the batch will never be accepted as sent: it is dropped and counted.
 */
public final class HttpTelemetryPublisher implements TelemetryPublisher {
  private static final Logger log = LoggerFactory.getLogger(HttpTelemetryPublisher.class);
  private static final EventCodec<DeviceTelemetry> CODEC = EventCodec.of(DeviceTelemetry.class);
  public static final int QUEUE_CAPACITY = 10_000;
  public static final int MAX_BATCH_RECORDS = 200;
  private static final int MAX_ATTEMPTS = 6;

  private final URI endpoint;
  private final String token;
  private final HttpClient http;
  private final BlockingQueue<DeviceTelemetry> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong inFlight = new AtomicLong();
  private final Thread sender;
  private volatile boolean closing;

  public HttpTelemetryPublisher(URI ingestionUrl, String token) {
    this.endpoint = ingestionUrl.resolve("/telemetry");
    this.token = token;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    this.sender = new Thread(this::sendLoop, "telemetry-http-sender");
    sender.setDaemon(true);
    sender.start();
  }

  @Override
  public void publish(DeviceTelemetry telemetry) {
    if (!queue.offer(telemetry)) {
      long dropped = failed.incrementAndGet();
      if (dropped % 100 == 1) {
        log.warn("telemetry queue full ({} records, {} unreachable?): dropped record {} ({} dropped so far)",
            QUEUE_CAPACITY, endpoint, telemetry.getTelemetryId(), dropped);
      }
    }
  }

  private void sendLoop() {
    List<DeviceTelemetry> batch = new ArrayList<>();
    while (!(closing && queue.isEmpty())) {
      try {
        DeviceTelemetry first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH_RECORDS - 1);
        inFlight.set(batch.size());
        send(batch);
      } catch (InterruptedException e) {
        return;
      } finally {
        batch.clear();
        inFlight.set(0);
      }
    }
  }

  private void send(List<DeviceTelemetry> batch) throws InterruptedException {
    StringBuilder body = new StringBuilder(batch.size() * 1024).append('[');
    for (int i = 0; i < batch.size(); i++) {
      body.append(i == 0 ? "" : ",").append(CODEC.toJson(batch.get(i)));
    }
    body.append(']');
    HttpRequest request = HttpRequest.newBuilder(endpoint)
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + token)
        .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8))
        .build();
    long backoffMs = 500;
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      String problem;
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        if (status == 202 || status == 200) {
          delivered.addAndGet(batch.size());
          return;
        }
        problem = "HTTP " + status + " " + response.body();
        if (status != 503 && status != 429 && status < 500) {
          failed.addAndGet(batch.size());
          log.error("ingestion at {} refused a batch of {} telemetry records for good: {}", endpoint, batch.size(),
              problem);
          return;
        }
      } catch (IOException e) {
        problem = e.toString();
      }
      if (attempt == MAX_ATTEMPTS || closing) {
        failed.addAndGet(batch.size());
        log.warn("giving up on a batch of {} telemetry records after {} attempt(s) to {}: {}", batch.size(), attempt,
            endpoint, problem);
        return;
      }
      log.info("ingestion at {} did not take a batch of {} records ({}); retrying in {} ms", endpoint, batch.size(),
          problem, backoffMs);
      Thread.sleep(backoffMs);
      backoffMs = Math.min(backoffMs * 2, 10_000);
    }
  }

  @Override
  public void flush() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while ((!queue.isEmpty() || inFlight.get() > 0) && System.nanoTime() < deadline && sender.isAlive()) {
      try {
        Thread.sleep(20); // waiting on another thread's progress; bounded by the deadline
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public long delivered() {
    return delivered.get();
  }

  @Override
  public long failed() {
    return failed.get();
  }

  @Override
  public String route() {
    return "HTTP " + endpoint;
  }

  @Override
  public void close() {
    closing = true;
    flush();
    sender.interrupt();
  }
}
