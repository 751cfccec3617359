package io.jointcs.trainer;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.jointcs.events.LatencyPredictor;
import io.jointcs.events.ProfilingSample;
import io.jointcs.events.codec.EventDeserializer;
import io.jointcs.events.codec.EventSerializer;
import io.jointcs.kafka.embedded.KafkaTestResource;
import io.jointcs.kafka.embedded.TestKafka;
import io.jointcs.kafka.embedded.TestKafkaCondition;
import io.jointcs.latency.prediction.PredictorCodec;
import io.jointcs.latency.prediction.TrainedPredictor;
import io.jointcs.topics.Topics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The service on the test broker (-Djointcs.test.kafka): samples in, predictor versions out, HTTP on top. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@ExtendWith(TestKafkaCondition.class)
class PredictorTrainingServiceTest {
  private static final String CLASS = "test-a72-1t";
  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final Duration POLL = Duration.ofMillis(100);

  TestKafka kafka;

  @Test
  void publishesAFirstVersionThenOnlyVersionsThatAreNotWorse() throws Exception {
    // Given 220 samples of small convolutions only (fewer than 64 input channels)
    send(SyntheticSamples.samples(CLASS, "small", 220, SyntheticSamples.SMALL, 1));

    // When the service has consumed them and trained
    await("all 220 samples consumed", () -> consumed() == 220);
    List<LatencyPredictor> published = awaitVersions(list -> !list.isEmpty());
    await("no attempt in flight", () -> lastAttemptAccepted() != null);

    // Then exactly one version is on the topic: v1, with its hold-out metrics and a predictor that decodes
    assertThat(readVersions()).extracting(LatencyPredictor::getVersion).containsExactly(1L);
    LatencyPredictor v1 = published.get(0);
    assertThat(v1.getEmulated()).isTrue();
    assertThat(v1.getMetrics().getValidationSampleCount()).isGreaterThanOrEqualTo(20);
    assertThat(v1.getMetrics().getTrainingSampleCount()).isGreaterThanOrEqualTo(150);
    assertThat(v1.getWholeModelMetrics()).as("no model was measured, so nothing end to end").isNull();
    TrainedPredictor decoded = PredictorCodec.decode(PredictorCatalog.bytes(v1.getModelBytes()));
    assertThat(decoded.version()).isEqualTo(1);
    assertThat(v1.getFeatureSetName()).isEqualTo(decoded.predictor().featureSet().id().name());

    // And HTTP serves it: metadata, metrics and a finite, in-range prediction
    given().get("/predictors/" + CLASS).then().statusCode(200)
        .body("predictor.version", equalTo(1)).body("predictor.kind", equalTo("GRADIENT_BOOSTED_TREES"));
    given().get("/predictors/" + CLASS + "/metrics").then().statusCode(200).body("version", equalTo(1));
    JsonPath prediction = given().contentType(ContentType.JSON).body(layer(32, 32, 3, 16))
        .post("/predictors/" + CLASS + "/predict").then().statusCode(200).extract().jsonPath();
    double ms = prediction.getDouble("latencyMs");
    double law = SyntheticSamples.lawMs(SyntheticSamples.conv(32, 32, 3, 1, 16));
    assertThat(ms).isFinite().isBetween(law * 0.7, law * 1.3);
    assertThat(prediction.getBoolean("extrapolated")).isFalse();
    given().contentType(ContentType.JSON).body(layer(32, 32, 3, 16))
        .post("/predictors/no-such-class/predict").then().statusCode(404).body("error", containsString("no-such"));
    given().contentType(ContentType.JSON).body(Map.of("layerType", "CONV", "inChannels", 3))
        .post("/predictors/" + CLASS + "/predict").then().statusCode(400).body("error", containsString("outChannels"));
    given().get("/predictors/no-such-class").then().statusCode(404);

    // Given redelivered samples (same ids) and one new sample: no retraining, nothing new counted
    List<ProfilingSample> again = new ArrayList<>(SyntheticSamples.samples(CLASS, "small", 150, SyntheticSamples.SMALL, 1));
    again.addAll(SyntheticSamples.samples(CLASS, "marker", 1, SyntheticSamples.SMALL, 9));
    send(again);
    await("the marker consumed", () -> consumed() == 221);

    // When 300 samples over all channel counts arrive (v1 never saw the 2.5x cliff from 64 channels)
    send(SyntheticSamples.samples(CLASS, "all", 300, SyntheticSamples.ALL, 2));
    List<LatencyPredictor> later = awaitVersions(list -> list.size() >= 2);

    // Then v2 is published, not worse than v1 on the same hold-out, and versions are 1, 2, ... without gaps
    assertThat(later.get(1).getVersion()).isEqualTo(2);
    assertThat(later).extracting(LatencyPredictor::getVersion)
        .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, later.size()).boxed().toList());
    await("the v2 attempt recorded", () -> given().get("/predictors/" + CLASS).jsonPath()
        .getLong("predictor.version") >= 2);
    JsonPath metrics = given().get("/predictors/" + CLASS + "/metrics").then().statusCode(200).extract().jsonPath();
    if (metrics.getBoolean("lastAttempt.accepted") && metrics.get("lastAttempt.current") != null) {
      assertThat(metrics.getDouble("lastAttempt.candidate.mape"))
          .isLessThanOrEqualTo(metrics.getDouble("lastAttempt.current.mape"));
    }
    assertThat(later.get(1).getMetrics().getTrainingSampleCount())
        .isGreaterThan(v1.getMetrics().getTrainingSampleCount());
  }

  private long consumed() {
    JsonPath body = given().get("/predictors/" + CLASS).jsonPath();
    if (body.get("trainingSet") == null) {
      return 0;
    }
    return body.getLong("trainingSet.trainingSamples") + body.getLong("trainingSet.holdoutSamples");
  }

  private Boolean lastAttemptAccepted() {
    return given().get("/predictors/" + CLASS).jsonPath().get("lastAttempt.accepted");
  }

  private static Map<String, Object> layer(int in, int out, int kernel, int side) {
    var f = SyntheticSamples.conv(in, out, kernel, 1, side);
    return Map.ofEntries(Map.entry("layerType", "CONV"), Map.entry("inChannels", in), Map.entry("outChannels", out),
        Map.entry("kernelSize", kernel), Map.entry("stride", 1), Map.entry("padding", kernel / 2),
        Map.entry("groups", 1), Map.entry("inputHeight", side), Map.entry("inputWidth", side),
        Map.entry("outputHeight", f.getOutputHeight()), Map.entry("outputWidth", f.getOutputWidth()),
        Map.entry("batchSize", 1), Map.entry("macs", f.getMacs()), Map.entry("params", f.getParams()),
        Map.entry("inputBytes", f.getInputBytes()), Map.entry("outputBytes", f.getOutputBytes()));
  }

  private void send(List<ProfilingSample> samples) throws Exception {
    try (KafkaProducer<String, ProfilingSample> producer = new KafkaProducer<>(Map.of(
        "bootstrap.servers", kafka.bootstrapServers(), "acks", "all", "enable.idempotence", true),
        new StringSerializer(), new EventSerializer<>(ProfilingSample.class))) {
      for (ProfilingSample s : samples) {
        producer.send(new ProducerRecord<>(Topics.PROFILING_SAMPLES.name(), s.getDeviceClass(), s));
      }
      producer.flush();
    }
  }

  /** Every record of the class on jointcs.predictors, in offset order (one partition per key). */
  private List<LatencyPredictor> readVersions() {
    try (KafkaConsumer<String, LatencyPredictor> c = new KafkaConsumer<>(Map.of(
        "bootstrap.servers", kafka.bootstrapServers()), new StringDeserializer(),
        new EventDeserializer<>(LatencyPredictor.class))) {
      List<TopicPartition> parts = c.partitionsFor(Topics.PREDICTORS.name()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> end = c.endOffsets(parts);
      List<LatencyPredictor> out = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (parts.stream().anyMatch(p -> c.position(p) < end.get(p)) && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, LatencyPredictor> r : c.poll(Duration.ofMillis(200))) {
          if (CLASS.equals(r.key())) {
            out.add(r.value());
          }
        }
      }
      return out;
    }
  }

  private List<LatencyPredictor> awaitVersions(Predicate<List<LatencyPredictor>> done) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    List<LatencyPredictor> seen = List.of();
    while (System.nanoTime() < deadline) {
      seen = readVersions();
      if (done.test(seen)) {
        return seen;
      }
      LockSupport.parkNanos(POLL.toNanos());
    }
    throw new AssertionError("timed out waiting for predictor versions; saw " + seen.size());
  }

  private static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return;
      }
      LockSupport.parkNanos(POLL.toNanos());
    }
    throw new AssertionError("timed out waiting for " + what);
  }
}
