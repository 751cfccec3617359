package io.jointcs.executor;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import ai.djl.ndarray.NDManager;
import io.jointcs.artifact.FileArtifactStore;
import io.jointcs.artifact.ModelArtifact;
import io.jointcs.artifact.Sha256;
import io.jointcs.events.ArtifactRef;
import io.jointcs.events.CandidateEvaluationRequest;
import io.jointcs.events.CandidateEvaluationResult;
import io.jointcs.kafka.embedded.KafkaTestResource;
import io.jointcs.kafka.embedded.TestKafka;
import io.jointcs.kafka.embedded.TestKafkaCondition;
import io.jointcs.model.Network;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The service on the test broker (-Djointcs.test.kafka): requests in, exactly one committed result per candidate out,
 * artifacts in the store and over HTTP. The evaluations are real (tiny ResNet-20, synthetic images, one thread).
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@ExtendWith(TestKafkaCondition.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CompressionExecutionTest {
  static final Duration TIMEOUT = Duration.ofSeconds(90);
  static final String GROUP = "jointcs-compression-execution";

  TestKafka kafka;

  @Inject
  FileArtifactStore store;

  @Inject
  ExecutorMetrics metrics;

  @TestHTTPResource("/")
  URL root;

  KafkaProbe probe;
  ModelArtifact base;

  @BeforeAll
  void startProbe() {
    probe = new KafkaProbe(kafka.bootstrapServers());
  }

  @AfterAll
  void closeProbe() {
    probe.close();
  }

  @BeforeEach
  void uploadBase() throws java.io.IOException {
    // Given the base model uploaded over HTTP and the workers connected
    if (base == null) {
      try (NDManager manager = NDManager.newBaseManager();
          Network network = Network.initialize(CandidateEvaluatorTest.BASE, manager, 3)) {
        base = ModelArtifact.of(network);
      }
      java.nio.file.Files.deleteIfExists(store.pathOf(base.sha256())); // left by an earlier run (same seed)
      given().contentType("application/octet-stream").body(base.toBytes())
          .queryParam("sha256", base.sha256())
          .when().put("/artifacts")
          .then().statusCode(201).header("Location", org.hamcrest.Matchers.endsWith("/artifacts/" + base.sha256()))
          .body("sha256", equalTo(base.sha256())).body("kind", equalTo("FULL"));
      // uploading it again stores nothing new
      given().contentType("application/octet-stream").body(base.toBytes()).when().put("/artifacts")
          .then().statusCode(200);
    }
    KafkaProbe.await(() -> given().get("/q/health/ready").statusCode() == 200, TIMEOUT, "readiness");
  }

  ArtifactRef baseRef() {
    return ArtifactRef.newBuilder().setRef(root + "artifacts/" + base.sha256()).setSha256(base.sha256())
        .setSizeBytes(base.sizeBytes()).build();
  }

  static String newCandidateId() {
    return "cand-" + UUID.randomUUID();
  }

  @Test
  void evaluatesACandidateAndServesItsModel() throws Exception {
    String id = newCandidateId();
    CandidateEvaluationRequest request = CandidateEvaluatorTest.request(id, baseRef(), DatasetCatalog.SYNTHETIC,
        CandidateEvaluatorTest.halfWidths(), 1);

    // When the request is sent
    RecordMetadata sent = probe.send(request);

    // Then exactly one result is committed, with a model that is in the store, loads and downloads intact
    List<CandidateEvaluationResult> results = probe.awaitResult(id, TIMEOUT);
    KafkaProbe.await(() -> probe.committedPast(GROUP, sent), TIMEOUT, "the request's offset committed");
    assertThat(probe.resultsFor(id)).hasSize(1);
    CandidateEvaluationResult result = results.get(0);
    assertThat(result.getError()).isNull();
    assertThat(result.getSearchId()).isEqualTo("s-1");
    assertThat(result.getAccuracy()).isBetween(0.0, 1.0);
    String sha = result.getArtifact().getSha256();
    assertThat(store.contains(sha)).isTrue();
    try (NDManager manager = NDManager.newBaseManager(); Network model = store.loadNetwork(sha, manager)) {
      assertThat(model.spec().widths()).isEqualTo(
          CandidateEvaluatorTest.halfWidths().stream().map(w -> w.getWidthChannels()).toList());
    }
    byte[] downloaded = given().get("/artifacts/" + sha).then().statusCode(200)
        .header("ETag", "\"" + sha + "\"").extract().asByteArray();
    assertThat(Sha256.of(downloaded)).isEqualTo(sha);
    given().head("/artifacts/" + sha).then().statusCode(200)
        .header("Content-Length", String.valueOf(downloaded.length));
  }

  @Test
  void aRedeliveredRequestIsNeitherEvaluatedNorPublishedAgain() throws Exception {
    String id = newCandidateId();
    CandidateEvaluationRequest request = CandidateEvaluatorTest.request(id, baseRef(), DatasetCatalog.SYNTHETIC,
        CandidateEvaluatorTest.halfWidths(), 0);
    probe.send(request);
    CandidateEvaluationResult first = probe.awaitResult(id, TIMEOUT).get(0);
    double evaluations = metrics.evaluations("success") + metrics.evaluations("error");

    // When the same request arrives again
    RecordMetadata again = probe.send(request);

    // Then its offset is committed without a second evaluation or a second result
    KafkaProbe.await(() -> probe.committedPast(GROUP, again), TIMEOUT, "the repeated request's offset committed");
    assertThat(metrics.evaluations("success") + metrics.evaluations("error")).isEqualTo(evaluations);
    assertThat(probe.resultsFor(id)).containsExactly(first);
  }

  @Test
  void requestsThatCannotBeEvaluatedGetErrorResults() throws Exception {
    // Given an unknown dataset, widths wider than the base, and a URL serving other bytes than the sha256 named
    String unknownDataset = newCandidateId();
    probe.send(CandidateEvaluatorTest.request(unknownDataset, baseRef(), "imagenet",
        CandidateEvaluatorTest.halfWidths(), 0));
    String tooWide = newCandidateId();
    probe.send(CandidateEvaluatorTest.request(tooWide, baseRef(), DatasetCatalog.SYNTHETIC,
        io.jointcs.model.Architecture.RESNET20.channelGroups().stream()
            .map(g -> new io.jointcs.events.ChannelGroupWidth(g.name(), 999)).toList(), 0));
    String mismatch = newCandidateId();
    String claimed = "0".repeat(64);
    ArtifactRef wrong = ArtifactRef.newBuilder().setRef(root + "artifacts/" + base.sha256()).setSha256(claimed)
        .setSizeBytes(base.sizeBytes()).build();
    probe.send(CandidateEvaluatorTest.request(mismatch, wrong, DatasetCatalog.SYNTHETIC,
        CandidateEvaluatorTest.halfWidths(), 0));

    // Then each gets exactly one result whose error says why
    assertThat(probe.awaitResult(unknownDataset, TIMEOUT)).singleElement()
        .satisfies(r -> assertThat(r.getError()).contains("unknown dataset 'imagenet'"));
    assertThat(probe.awaitResult(tooWide, TIMEOUT)).singleElement()
        .satisfies(r -> assertThat(r.getError()).contains("widths do not fit"));
    assertThat(probe.awaitResult(mismatch, TIMEOUT)).singleElement()
        .satisfies(r -> {
          assertThat(r.getError()).contains("sha256 mismatch").contains(claimed);
          assertThat(r.getArtifact()).isNull();
        });
    assertThat(store.contains(claimed)).isFalse();
  }

  @Test
  void anUndecodableRequestIsAnsweredWithAnErrorResultUnderItsKey() throws Exception {
    // Given bytes on the request topic that are no CandidateEvaluationRequest
    String id = newCandidateId();
    try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, byte[]>(
        java.util.Map.of("bootstrap.servers", kafka.bootstrapServers(), "acks", "all"),
        new org.apache.kafka.common.serialization.StringSerializer(),
        new org.apache.kafka.common.serialization.ByteArraySerializer())) {
      producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(
          io.jointcs.topics.Topics.CANDIDATE_REQUESTS.name(), id, "{not avro".getBytes())).get();
    }

    // Then the candidate gets one error result saying so, and the partition moves on
    assertThat(probe.awaitResult(id, TIMEOUT)).singleElement()
        .satisfies(r -> assertThat(r.getError()).contains("could not be decoded"));
  }

  @Test
  void artifactNamesAreChecked() {
    given().get("/artifacts/" + "f".repeat(64)).then().statusCode(404);
    given().get("/artifacts/not-a-hash").then().statusCode(400);
    given().head("/artifacts/" + "f".repeat(64)).then().statusCode(404);
    given().contentType("application/octet-stream").body(new byte[] {1, 2, 3}).put("/artifacts")
        .then().statusCode(400);
    given().contentType("application/octet-stream").body(base.toBytes()).queryParam("sha256", "0".repeat(64))
        .put("/artifacts").then().statusCode(400).body("error", org.hamcrest.Matchers.containsString("mismatch"));
  }

  @Test
  void healthMetricsAndOpenApiAreServed() {
    given().get("/q/health/live").then().statusCode(200);
    given().get("/q/openapi").then().statusCode(200);
    assertThat(given().get("/q/metrics").then().statusCode(200).extract().asString())
        .contains("jointcs_executor");
  }
}
