package io.jointcs.cli;

import io.jointcs.latency.profiling.ProfileRecord;
import io.jointcs.telemetry.publish.HttpTelemetryPublisher;
import io.jointcs.telemetry.publish.KafkaTelemetryPublisher;
import io.jointcs.telemetry.publish.ProfileTelemetry;
import io.jointcs.telemetry.publish.TelemetryPublisher;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Where {@code jointcs profile} publishes its records as telemetry, with the device agent's own publishers
 * (io.jointcs.telemetry.publish): nowhere, profiling-ingestion over HTTP, jointcs.telemetry.raw, or both.
 */
final class ProfilePublishing implements AutoCloseable {
  private final ProfileTelemetry telemetry;
  private final List<TelemetryPublisher> publishers;
  private final Producer<String, byte[]> producer;
  private long published;
  private long notPublishable;

  private ProfilePublishing(ProfileTelemetry telemetry, List<TelemetryPublisher> publishers,
      Producer<String, byte[]> producer) {
    this.telemetry = telemetry;
    this.publishers = publishers;
    this.producer = producer;
  }

  /** Checks the options and opens the publishers they ask for (none: publishing is a no-op). */
  static ProfilePublishing open(URI http, String token, String kafka, String deviceId, int warmupRuns)
      throws Exception {
    if (http == null && token != null) {
      throw new IllegalArgumentException("--token is for --publish-http");
    }
    if (http != null && (token == null || token.isBlank())) {
      throw new IllegalArgumentException("--publish-http needs --token (the bearer token of the device id)");
    }
    if (http != null && !("http".equals(http.getScheme()) || "https".equals(http.getScheme()))) {
      throw new IllegalArgumentException("--publish-http must be an http(s) URL, got " + http);
    }
    if (kafka != null && kafka.isBlank()) {
      throw new IllegalArgumentException("--publish-kafka must name the brokers, e.g. localhost:9092");
    }
    if (http == null && kafka == null) {
      if (deviceId != null) {
        throw new IllegalArgumentException("--device-id is for --publish-http or --publish-kafka");
      }
      return new ProfilePublishing(null, List.of(), null);
    }
    String id = deviceId != null ? deviceId : "profile-" + InetAddress.getLocalHost().getHostName();
    ProfileTelemetry telemetry = new ProfileTelemetry(id, memoryBytes(), warmupRuns);
    List<TelemetryPublisher> publishers = new ArrayList<>();
    Producer<String, byte[]> producer = null;
    if (http != null) {
      publishers.add(new HttpTelemetryPublisher(http, token));
    }
    if (kafka != null) {
      producer = new KafkaProducer<>(Map.of("bootstrap.servers", kafka, "acks", "all", "enable.idempotence", true,
          "client.id", "jointcs-profile-" + id), new StringSerializer(), new ByteArraySerializer());
      publishers.add(new KafkaTelemetryPublisher(producer, id));
    }
    return new ProfilePublishing(telemetry, publishers, producer);
  }

  void publish(ProfileRecord record) {
    if (publishers.isEmpty()) {
      return;
    }
    var t = telemetry.toTelemetry(record);
    if (t.isEmpty()) {
      notPublishable++;
      return;
    }
    published++;
    publishers.forEach(p -> p.publish(t.get()));
  }

  /** Waits for delivery and reports it per route. */
  void finish(PrintStream out) {
    for (TelemetryPublisher p : publishers) {
      p.flush();
      out.printf(Locale.ROOT, "published %d record(s) to %s: %d delivered, %d failed (%d single-block range(s) have "
          + "no telemetry form)%n", published, p.route(), p.delivered(), p.failed(), notPublishable);
    }
  }

  /** Records dropped or refused on any route. */
  long failed() {
    return publishers.stream().mapToLong(TelemetryPublisher::failed).sum()
        + publishers.stream().mapToLong(p -> published - p.delivered() - p.failed()).sum();
  }

  @Override
  public void close() {
    publishers.forEach(TelemetryPublisher::close);
    if (producer != null) {
      producer.close();
    }
  }

  private static long memoryBytes() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getTotalMemorySize();
    }
    return Runtime.getRuntime().maxMemory();
  }
}
