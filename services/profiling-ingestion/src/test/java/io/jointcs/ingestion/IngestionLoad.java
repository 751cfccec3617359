package io.jointcs.ingestion;

import io.jointcs.events.ProfilingSample;
import io.jointcs.events.RejectedTelemetry;
import io.jointcs.events.codec.EventDeserializer;
import io.jointcs.topics.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Load check of a running profiling-ingestion (not a test): posts {@code records} layer measurements in batches over
 * HTTP, every tenth one invalid (a negative latency), then counts what came out on jointcs.profiling.samples and
 * jointcs.telemetry.rejected (read_committed): records per second end to end, good records lost, duplicates.
 *
 * <pre>
 * java -cp "$(cat cp.txt)" IngestionLoad.java http://localhost:8081 127.0.0.1:PORT token-pi-1 pi-1 rpi4-a72-4t 20000
 * </pre>
 */
public final class IngestionLoad {
  private IngestionLoad() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String bootstrap = args[1];
    String token = args[2];
    String device = args[3];
    String deviceClass = args[4];
    int records = Integer.parseInt(args[5]);
    int batchSize = args.length > 6 ? Integer.parseInt(args[6]) : 100;
    int clients = args.length > 7 ? Integer.parseInt(args[7]) : 4;
    String run = UUID.randomUUID().toString().substring(0, 8);

    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    Set<String> good = new HashSet<>();
    List<String> bodies = new ArrayList<>();
    for (int start = 0; start < records; start += batchSize) {
      List<String> batch = new ArrayList<>();
      for (int i = start; i < Math.min(records, start + batchSize); i++) {
        boolean invalid = i % 10 == 9;
        String id = run + "-" + i;
        if (!invalid) {
          good.add(id);
        }
        batch.add(json(id, device, deviceClass, invalid ? -1.0 : 0.5 + (i % 50) * 0.01));
      }
      bodies.add("[" + String.join(",", batch) + "]");
    }
    long t0 = System.nanoTime();
    List<Future<Integer>> posts = new ArrayList<>();
    for (String body : bodies) {
      posts.add(pool.submit(() -> {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/telemetry"))
            .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      }));
    }
    int accepted = 0;
    for (Future<Integer> post : posts) {
      accepted += post.get() == 202 ? 1 : 0;
    }
    double postSeconds = (System.nanoTime() - t0) / 1e9;
    pool.shutdown();

    Set<String> samples = new HashSet<>();
    int duplicates = 0;
    int rejected = 0;
    try (KafkaConsumer<String, ProfilingSample> s = consumer(bootstrap, ProfilingSample.class);
        KafkaConsumer<String, RejectedTelemetry> r = consumer(bootstrap, RejectedTelemetry.class)) {
      s.subscribe(List.of(Topics.PROFILING_SAMPLES.name()));
      r.subscribe(List.of(Topics.TELEMETRY_REJECTED.name()));
      long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
      long lastSeen = System.nanoTime();
      while (samples.size() + rejected < records && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, ProfilingSample> rec : s.poll(Duration.ofMillis(100))) {
          if (rec.value().getSampleId().startsWith(run)) {
            lastSeen = System.nanoTime();
            duplicates += samples.add(rec.value().getSampleId()) ? 0 : 1;
          }
        }
        for (ConsumerRecord<String, RejectedTelemetry> rec : r.poll(Duration.ofMillis(10))) {
          if (new String(rec.value().getOriginalBytes().array(), StandardCharsets.UTF_8).contains(run)) {
            lastSeen = System.nanoTime();
            rejected++;
          }
        }
      }
      double endToEnd = (lastSeen - t0) / 1e9;
      Set<String> lost = new HashSet<>(good);
      lost.removeAll(samples);
      System.out.printf(Locale.ROOT, "records %d (%d good, %d invalid) in %d batches of %d from %d clients%n",
          records, good.size(), records - good.size(), bodies.size(), batchSize, clients);
      System.out.printf(Locale.ROOT, "HTTP: %d/%d batches accepted in %.2f s = %.0f records/s%n", accepted,
          bodies.size(), postSeconds, records / postSeconds);
      System.out.printf(Locale.ROOT, "end to end: %d samples + %d rejections in %.2f s = %.0f records/s%n",
          samples.size(), rejected, endToEnd, (samples.size() + rejected) / endToEnd);
      System.out.printf(Locale.ROOT, "good records lost: %d, duplicated: %d, bad records not rejected: %d%n",
          lost.size(), duplicates, records - good.size() - rejected);
    }
  }

  private static <T extends org.apache.avro.specific.SpecificRecord> KafkaConsumer<String, T> consumer(
      String bootstrap, Class<T> type) {
    return new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, "load-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000),
        new StringDeserializer(), new EventDeserializer<>(type));
  }

  private static String json(String id, String device, String deviceClass, double medianMs) {
    return String.format(Locale.ROOT, "{\"telemetryId\": \"%s\", \"timestampEpochMs\": %d, \"device\": {\"deviceId\":"
        + " \"%s\", \"deviceClass\": \"%s\", \"hardware\": {\"cpuModel\": \"Cortex-A72\", \"cpuCores\": 4, \"arch\": "
        + "\"aarch64\", \"os\": \"Linux 6.1\", \"memoryBytes\": 4294967296}, \"runtime\": {\"engine\": \"PyTorch\", "
        + "\"engineVersion\": \"2.7.1\", \"threads\": 4}, \"emulated\": false, \"emulationNote\": null}, \"payload\": "
        + "{\"io.jointcs.events.LayerLatencySample\": {\"layer\": {\"layerType\": \"CONV2D\", \"inChannels\": 16, "
        + "\"outChannels\": 16, \"kernelSize\": 3, \"stride\": 1, \"padding\": 1, \"groups\": 1, \"inputHeight\": 32, "
        + "\"inputWidth\": 32, \"outputHeight\": 32, \"outputWidth\": 32, \"batchSize\": 1, \"macs\": 2359296, "
        + "\"params\": 2304, \"inputBytes\": 65536, \"outputBytes\": 65536}, \"latency\": {\"medianMs\": %s, \"p10Ms\": "
        + "%s, \"p90Ms\": %s, \"stddevMs\": 0.01, \"repetitions\": 20, \"warmupRuns\": 3}, \"layerName\": null}}}",
        id, System.currentTimeMillis(), device, deviceClass, medianMs, medianMs, medianMs);
  }
}
