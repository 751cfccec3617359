package io.jointcs.ingestion;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.jointcs.events.ProfilingSample;
import io.jointcs.events.RejectedTelemetry;
import io.jointcs.events.RejectionReason;
import io.jointcs.events.TelemetrySource;
import io.jointcs.events.codec.EventDeserializer;
import io.jointcs.kafka.embedded.KafkaTestResource;
import io.jointcs.kafka.embedded.TestKafka;
import io.jointcs.kafka.embedded.TestKafkaCondition;
import io.jointcs.topics.Topics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The service on a real broker (-Djointcs.test.kafka): HTTP batches and raw-topic records through Kafka Streams to the
 * samples and rejected topics. Tokens and the known class are in the %test profile of application.properties.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@ExtendWith(TestKafkaCondition.class)
class IngestionServiceTest {
  private static final String PI_1 = "Bearer token-pi-1";
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  TestKafka kafka;

  private static String batch(List<String> records) {
    return "[" + String.join(",\n", records) + "]";
  }

  /**
   * A layer measurement as a device writes it by hand (Avro JSON, docs/events.md), taken just now: the service
   * judges device clocks against the real one.
   */
  private static String json(String telemetryId, String deviceId, double medianMs) {
    return String.format(Locale.ROOT, """
        {"telemetryId": "%s", "timestampEpochMs": %d,
         "device": {"deviceId": "%s", "deviceClass": "rpi4-a72-4t",
                    "hardware": {"cpuModel": "Cortex-A72", "cpuCores": 4, "arch": "aarch64", "os": "Linux 6.1",
                                 "memoryBytes": 4294967296},
                    "runtime": {"engine": "PyTorch", "engineVersion": "2.7.1", "threads": 4},
                    "emulated": false, "emulationNote": null},
         "payload": {"io.jointcs.events.LayerLatencySample": {
           "layer": {"layerType": "CONV2D", "inChannels": 16, "outChannels": 16, "kernelSize": 3, "stride": 1,
                     "padding": 1, "groups": 1, "inputHeight": 32, "inputWidth": 32, "outputHeight": 32,
                     "outputWidth": 32, "batchSize": 1, "macs": 2359296, "params": 2304, "inputBytes": 65536,
                     "outputBytes": 65536},
           "latency": {"medianMs": %s, "p10Ms": %s, "p90Ms": %s, "stddevMs": 0.05, "repetitions": 20,
                       "warmupRuns": 3},
           "layerName": null}}}""", telemetryId, System.currentTimeMillis(), deviceId, medianMs, medianMs * 0.95,
        medianMs * 1.05);
  }

  @Test
  void aValidBatchWithTheDevicesTokenBecomesSamples() {
    // Given three layer measurements of pi-1
    String run = UUID.randomUUID().toString();
    List<String> ids = List.of(run + "-a", run + "-b", run + "-c");
    List<String> records = ids.stream().map(id -> json(id, "pi-1", 1.5)).toList();

    // When pi-1 posts them with its token
    given().header("Authorization", PI_1).contentType("application/json").body(batch(records))
        .when().post("/telemetry")
        .then().statusCode(202).body("records", equalTo(3)).body("deviceId", equalTo("pi-1"));

    // Then each is a profiling sample from HTTP, keyed by the device class
    List<ConsumerRecord<String, ProfilingSample>> samples = consumeUntil(Topics.PROFILING_SAMPLES.name(),
        ProfilingSample.class, s -> s.getSampleId().startsWith(run), 3);
    assertThat(samples).extracting(r -> r.value().getSampleId()).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(samples).allSatisfy(r -> {
      assertThat(r.key()).isEqualTo("rpi4-a72-4t");
      assertThat(r.value().getSource()).isEqualTo(TelemetrySource.HTTP);
    });
  }

  @Test
  void withoutAValidTokenNothingIsAccepted() {
    String body = batch(List.of(json("x", "pi-1", 1.0)));
    given().contentType("application/json").body(body).when().post("/telemetry")
        .then().statusCode(401).header("WWW-Authenticate", containsString("Bearer"));
    given().header("Authorization", "Bearer not-a-token").contentType("application/json").body(body)
        .when().post("/telemetry").then().statusCode(401).body("error", equalTo("unknown bearer token"));
    // a valid token for another device's telemetry: authenticated, not allowed
    given().header("Authorization", "Bearer token-pi-2").contentType("application/json").body(body)
        .when().post("/telemetry").then().statusCode(403).body("error", containsString("device pi-1"));
    given().header("Authorization", PI_1).contentType("application/json").body("[" + "0,".repeat(600_000) + "0]")
        .when().post("/telemetry").then().statusCode(413);
  }

  @Test
  void aMixedBatchLosesNothing() {
    // Given a batch of 20 good records and 5 bad ones of pi-2 (bad values, a record of no schema, a stray value)
    String run = UUID.randomUUID().toString();
    List<String> records = new ArrayList<>();
    Map<String, RejectionReason> bad = new HashMap<>();
    for (int i = 0; i < 20; i++) {
      records.add(json(run + "-good-" + i, "pi-2", 1.0 + i));
      if (i % 5 == 4) {
        String id = run + "-bad-" + i;
        records.add(json(id, "pi-2", -1.0));
        bad.put(id, RejectionReason.INVALID_VALUE);
      }
    }
    records.add("{\"telemetryId\": \"" + run + "-noschema\"}");
    records.add("42");

    // When pi-2 posts it
    given().header("Authorization", "Bearer token-pi-2").contentType("application/json").body(batch(records))
        .when().post("/telemetry").then().statusCode(202).body("records", equalTo(26));

    // Then the 20 good ones are samples, once each, and the 6 others rejections: 26 in, 26 out
    List<ConsumerRecord<String, ProfilingSample>> samples = consumeUntil(Topics.PROFILING_SAMPLES.name(),
        ProfilingSample.class, s -> s.getSampleId().startsWith(run), 20);
    List<ConsumerRecord<String, RejectedTelemetry>> rejected = consumeUntil(Topics.TELEMETRY_REJECTED.name(),
        RejectedTelemetry.class, r -> new String(r.getOriginalBytes().array(), StandardCharsets.UTF_8).contains(run)
            || "42".equals(new String(r.getOriginalBytes().array(), StandardCharsets.UTF_8)), 6);
    assertThat(samples).extracting(r -> r.value().getSampleId()).doesNotHaveDuplicates().hasSize(20)
        .allSatisfy(id -> assertThat(id).contains("-good-"));
    assertThat(rejected).hasSize(6);
    assertThat(rejected).filteredOn(r -> r.value().getReason() == RejectionReason.INVALID_VALUE).hasSize(4)
        .allSatisfy(r -> assertThat(r.value().getReasonDetail()).contains("payload.latency.medianMs"));
    assertThat(rejected).filteredOn(r -> r.value().getReason() == RejectionReason.JSON_SCHEMA_MISMATCH).hasSize(1);
    // a bare number is neither single-object binary nor a JSON object
    assertThat(rejected).filteredOn(r -> r.value().getReason() == RejectionReason.CORRUPT).hasSize(1);
    assertThat(rejected).allSatisfy(r -> {
      assertThat(r.key()).isEqualTo("pi-2");
      assertThat(r.value().getSource()).isEqualTo(TelemetrySource.HTTP);
    });

    // and the metrics count them by reason
    given().when().get("/q/metrics").then().statusCode(200)
        .body(containsString("jointcs_telemetry_rejected_total{reason=\"INVALID_VALUE\",source=\"http\"}"))
        .body(containsString("jointcs_telemetry_http_batches_total{outcome=\"accepted\"}"));
  }

  @Test
  void telemetryPublishedToTheRawTopicIsValidatedTooAndTheServiceIsHealthy() throws Exception {
    // Given a device publishing Avro JSON straight to the raw topic, as kafka-console-producer would
    String id = UUID.randomUUID() + "-kafka";
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
      producer.send(new ProducerRecord<>(Topics.TELEMETRY_RAW.name(), "pi-1",
          json(id, "pi-1", 3.0).getBytes(StandardCharsets.UTF_8))).get();
    }

    // Then it is a sample that says where in the raw topic it came from
    ProfilingSample sample = consumeUntil(Topics.PROFILING_SAMPLES.name(), ProfilingSample.class,
        s -> s.getSampleId().equals(id), 1).get(0).value();
    assertThat(sample.getSource()).isEqualTo(TelemetrySource.KAFKA);
    assertThat(sample.getKafkaPosition().getTopic()).isEqualTo(Topics.TELEMETRY_RAW.name());
    given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    given().when().get("/q/openapi").then().statusCode(200).body(containsString("/telemetry"));
  }

  /** Reads {@code topic} from the start until {@code count} records match, or fails after the timeout. */
  private <T extends SpecificRecord> List<ConsumerRecord<String, T>> consumeUntil(String topic, Class<T> type,
      Predicate<T> matches, int count) {
    List<ConsumerRecord<String, T>> found = new ArrayList<>();
    try (KafkaConsumer<String, T> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        // only committed transactions: what a downstream service sees
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
        new StringDeserializer(), new EventDeserializer<>(type))) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (found.size() < count && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, T> r : consumer.poll(Duration.ofMillis(200))) {
          if (matches.test(r.value())) {
            found.add(r);
          }
        }
      }
      // a little longer: a duplicate would arrive right behind the expected records
      long settle = System.nanoTime() + Duration.ofMillis(500).toNanos();
      while (System.nanoTime() < settle) {
        consumer.poll(Duration.ofMillis(100)).forEach(r -> {
          if (matches.test(r.value())) {
            found.add(r);
          }
        });
      }
    }
    if (found.size() < count) {
      // say what ingestion did instead, so a failure explains itself
      System.err.println(given().get("/q/metrics").asString().lines().filter(l -> l.startsWith("jointcs_"))
          .reduce("ingestion counters:", (x, y) -> x + "\n" + y));
    }
    assertThat(found).as("records on %s within %s", topic, TIMEOUT).hasSizeGreaterThanOrEqualTo(count);
    return found;
  }
}
