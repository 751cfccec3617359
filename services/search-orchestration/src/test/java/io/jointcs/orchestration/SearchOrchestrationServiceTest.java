package io.jointcs.orchestration;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import ai.djl.ndarray.NDManager;
import io.jointcs.artifact.FileArtifactStore;
import io.jointcs.artifact.ModelArtifact;
import io.jointcs.events.CandidateEvaluationRequest;
import io.jointcs.events.CandidateEvaluationResult;
import io.jointcs.events.DeploymentPlan;
import io.jointcs.events.NetworkChange;
import io.jointcs.events.NetworkState;
import io.jointcs.events.PlanReason;
import io.jointcs.events.SearchCompleted;
import io.jointcs.events.SearchEvent;
import io.jointcs.events.StateAccepted;
import io.jointcs.events.codec.EventCodec;
import io.jointcs.kafka.embedded.KafkaTestResource;
import io.jointcs.kafka.embedded.TestKafkaCondition;
import io.jointcs.latency.prediction.LatencyPredictor;
import io.jointcs.model.ModelSpec;
import io.jointcs.model.Network;
import io.jointcs.pruning.L1NormRanking;
import io.jointcs.pruning.Pruner;
import io.jointcs.pruning.PruningResult;
import io.jointcs.search.EndToEndLatency;
import io.jointcs.search.LatencyGoal;
import io.jointcs.search.LatencyModels;
import io.jointcs.search.NetworkLink;
import io.jointcs.search.TargetSpec;
import io.jointcs.search.latency.PredictorTargets;
import io.jointcs.segmentation.CutQuantization;
import io.jointcs.testsupport.DeviceFixtures;
import io.jointcs.testsupport.EventPublisher;
import io.jointcs.testsupport.PredictorFixtures;
import io.jointcs.topics.TopicSpec;
import io.jointcs.topics.Topics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The service on a real broker (the in-process KRaft broker, or a Kafka container with
 * -Djointcs.test.kafka=testcontainers), end to end: the test plays the predictor source (LatencyPredictor
 * events of real MACs-linear predictors trained on synthetic layer samples), the compression executor (it consumes
 * jointcs.candidates.requests, PRUNES THE REAL MODEL with the dnn library and stores the artifact, but reports a
 * PROXY accuracy computed from the kept MACs instead of fine-tuning and validating on data) and a device agent
 * (registration, network state, a network change).
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@ExtendWith(TestKafkaCondition.class)
class SearchOrchestrationServiceTest {
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final ModelSpec BASE = Fixtures.BASE;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  @ConfigProperty(name = "jointcs.artifacts.root")
  Path artifactsRoot;

  @Inject
  Orchestrator orchestrator;

  private final AtomicBoolean executorRunning = new AtomicBoolean(true);
  private final AtomicInteger evaluated = new AtomicInteger();
  private Thread executor;

  @AfterEach
  void stopExecutor() throws InterruptedException {
    executorRunning.set(false);
    if (executor != null) {
      executor.join(10_000);
    }
  }

  @Test
  void aSearchRunsThroughKafkaPlansADeviceAndReSegmentsItWhenItsUplinkDrops() throws Exception {
    // generated Avro classes bind the class loader of the thread that first initializes them (SpecificData MODEL$);
    // JUnit's thread has the system loader, the application Quarkus' own: classes first touched here must see that
    Thread.currentThread().setContextClassLoader(Orchestrator.class.getClassLoader());
    // Given: a base model in the artifact store, predictors of a device and an edge class, a running executor
    FileArtifactStore store = new FileArtifactStore(artifactsRoot);
    String baseSha;
    try (NDManager manager = NDManager.newBaseManager(); Network network = Network.initialize(BASE, manager, 42)) {
      baseSha = store.put(ModelArtifact.of(network)).sha256();
    }
    LatencyPredictor pi = PredictorFixtures.macsLinear(BASE, "pi-test", 2.0e-6, 0.05);
    LatencyPredictor edge = PredictorFixtures.macsLinear(BASE, "edge-test", 0.5e-6, 0.01);
    try (KafkaProducer<String, byte[]> producer = EventPublisher.producer(bootstrap)) {
      EventPublisher.send(producer, Topics.PREDICTORS, "pi-test", PredictorFixtures.event(pi));
      EventPublisher.send(producer, Topics.PREDICTORS, "edge-test", PredictorFixtures.event(edge));
      poll(() -> orchestrator.predictorClasses().containsAll(List.of("pi-test", "edge-test")), "predictors known");
      executor = new Thread(() -> executeCandidates(store), "test-executor");
      executor.setContextClassLoader(Orchestrator.class.getClassLoader());
      executor.start();
      // a goal 15% under the base model's best split on the search's link, so the search takes a few steps
      NetworkLink wifi = new NetworkLink("wifi", 1_250_000, 20);
      LatencyModels models = PredictorTargets.models(List.of(pi, edge));
      double baseMs = EndToEndLatency.bestCut(BASE.plan(), models.target(TargetSpec.of("pi-test", "edge-test", wifi,
          LatencyGoal.absoluteMs(1))), CutQuantization.NONE).latencyMs();
      double goalMs = 0.85 * baseMs;

      // When an unknown device class is asked for
      given().contentType("application/json").body(submission("bad-1", baseSha, "tpu-9", goalMs))
          .when().post("/searches")
          .then().statusCode(400).body("error", containsString("tpu-9"))
          .body("error", containsString("edge-test, pi-test"));

      // When a search is posted, and posted again with the same id
      given().contentType("application/json").body(submission("s-e2e", baseSha, "pi-test", goalMs))
          .when().post("/searches").then().statusCode(202).body("searchId", equalTo("s-e2e"));
      poll(() -> orchestrator.search("s-e2e").isPresent(), "search started");
      given().contentType("application/json").body(submission("s-e2e", baseSha, "pi-test", goalMs))
          .when().post("/searches").then().statusCode(202).body("status", equalTo("exists"));

      // and a device of the class registers with a fast uplink while it runs
      EventPublisher.send(producer, Topics.DEVICES, "pi-1", DeviceFixtures.registration("pi-1", "pi-test"));
      EventPublisher.send(producer, Topics.NETWORK_STATE, "pi-1", networkState("pi-1", 6_250_000, 10));

      // Then the search completes through Kafka, with contiguous, unduplicated events and accepted states
      List<SearchEvent> events = readUntil(Topics.SEARCH_EVENTS, SearchEvent.class,
          all -> all.stream().anyMatch(e -> e.getPayload() instanceof SearchCompleted
              || e.getPayload() instanceof io.jointcs.events.SearchFailed));
      List<SearchEvent> mine = events.stream().filter(e -> e.getSearchId().equals("s-e2e")).toList();
      assertThat(mine.get(mine.size() - 1).getPayload()).as(String.valueOf(mine.get(mine.size() - 1).getPayload()))
          .isInstanceOf(SearchCompleted.class);
      assertThat(mine).extracting(SearchEvent::getSequenceNumber).doesNotHaveDuplicates();
      assertThat(mine.get(mine.size() - 1).getSequenceNumber()).isEqualTo(mine.size() - 1);
      long accepted = mine.stream().filter(e -> e.getPayload() instanceof StateAccepted).count();
      assertThat(accepted).isGreaterThanOrEqualTo(3); // base, at least one pruned state, the final fine-tune
      assertThat(evaluated.get()).isGreaterThan(2);
      given().when().get("/searches/s-e2e").then().statusCode(200)
          .body("summary.status", equalTo("COMPLETED")).body("predictorVersions.pi-test", equalTo(1));
      given().when().get("/searches/s-e2e/front.svg").then().statusCode(200).body(containsString("<svg"));
      given().when().get("/searches/s-e2e/progress").then().statusCode(200)
          .body(containsString("SearchCompleted"));

      // and the device gets plan 1 with a head artifact materialized in the store
      DeploymentPlan first = readPlan("pi-1", 1);
      assertThat(first.getReason()).isIn(PlanReason.SEARCH_COMPLETED, PlanReason.INITIAL);
      assertThat(first.getSearchId()).isEqualTo("s-e2e");
      if (first.getCutPoint() > 0) {
        assertThat(store.contains(first.getHead().getSha256())).isTrue();
      }
      given().when().get("/plans/pi-1").then().statusCode(200).body("planVersion", equalTo(1));

      // When its uplink drops a hundredfold
      EventPublisher.send(producer, Topics.NETWORK_CHANGES, "pi-1", NetworkChange.newBuilder().setDeviceId("pi-1")
          .setPreviousBandwidthBytesPerSec(6_250_000).setCurrentBandwidthBytesPerSec(62_500)
          .setPreviousRttMs(10).setCurrentRttMs(10).setBandwidthChangeRatio(-0.99).setRttChangeRatio(0)
          .setThresholdRatio(0.2).setDetectedAtEpochMs(System.currentTimeMillis()).build());

      // Then plan 2 moves the cut, for the same model
      DeploymentPlan second = readPlan("pi-1", 2);
      assertThat(second.getReason()).isEqualTo(PlanReason.NETWORK_CHANGE);
      assertThat(second.getCutPoint()).isNotEqualTo(first.getCutPoint());
      assertThat(second.getModel().getSha256()).isEqualTo(first.getModel().getSha256());
      assertThat(second.getReasonText()).contains("moved the cut");
    }
  }

  // ------------------------------------------------------------------ the test's stand-ins

  /** The compression executor: real pruning from the parent artifact, PROXY accuracy (see the class comment). */
  private void executeCandidates(FileArtifactStore store) {
    try (KafkaConsumer<String, byte[]> consumer = consumer("test-executor");
        KafkaProducer<String, byte[]> producer = EventPublisher.producer(bootstrap)) {
      consumer.subscribe(List.of(Topics.CANDIDATE_REQUESTS.name()));
      while (executorRunning.get()) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          CandidateEvaluationRequest request = EventCodec.of(CandidateEvaluationRequest.class).decode(r.value());
          ModelSpec target = Wire.spec(BASE, request.getWidths());
          String sha;
          try (NDManager manager = NDManager.newBaseManager();
              Network parent = store.loadNetwork(request.getBaseArtifact().getSha256(), manager);
              PruningResult pruned = Pruner.prune(parent, target, L1NormRanking.plain(), manager)) {
            sha = store.put(ModelArtifact.of(pruned.network())).sha256();
          }
          CandidateEvaluationResult result = CandidateEvaluationResult.newBuilder(Fixtures.result(request))
              .setArtifact(HeadArtifacts.ref(sha, store.pathOf(sha).toFile().length()))
              .setWorkerId("test-executor").build();
          EventPublisher.send(producer, Topics.CANDIDATE_RESULTS, request.getCandidateId(), result);
          evaluated.incrementAndGet();
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException("test executor failed", e);
    }
  }

  private static String submission(String id, String baseSha, String deviceClass, double goalMs) {
    return String.format(java.util.Locale.ROOT, """
        {"searchId": "%s", "baseModelSha256": "%s", "datasetId": "synthetic",
         "deviceClasses": ["%s"], "edgeClass": "edge-test",
         "networkConditions": [{"name": "wifi", "uplinkBandwidthBytesPerSec": 1250000, "rttMs": 20}],
         "latencyTargetMs": %.3f, "latencyReductionStep": 0.1, "strategy": "greedy", "maxSteps": 6,
         "fineTune": {"optimizerSteps": 5, "batchSize": 8, "learningRate": 0.01}, "seed": 3}
        """, id, baseSha, deviceClass, goalMs);
  }

  private static NetworkState networkState(String id, double bytesPerSec, double rttMs) {
    return NetworkState.newBuilder().setDeviceId(id).setUplinkBandwidthBytesPerSec(bytesPerSec).setRttMs(rttMs)
        .setSmoothingFactor(0.3).setSampleCount(5).setUpdatedAtEpochMs(System.currentTimeMillis()).build();
  }

  // ------------------------------------------------------------------ Kafka helpers

  private DeploymentPlan readPlan(String deviceId, long version) {
    List<DeploymentPlan> plans = readUntil(Topics.PLANS, DeploymentPlan.class, all -> all.stream()
        .anyMatch(p -> p.getDeviceId().equals(deviceId) && p.getPlanVersion() == version));
    return plans.stream().filter(p -> p.getDeviceId().equals(deviceId) && p.getPlanVersion() == version)
        .findFirst().orElseThrow();
  }

  /** Every record of the topic from its beginning, polled until the condition holds (or the wait ends). */
  private <T extends org.apache.avro.specific.SpecificRecord> List<T> readUntil(TopicSpec topic, Class<T> type,
      Predicate<List<T>> done) {
    List<T> all = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = consumer(null)) {
      var partitions = consumer.partitionsFor(topic.name()).stream()
          .map(i -> new org.apache.kafka.common.TopicPartition(i.topic(), i.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (!done.test(all)) {
        assertThat(System.nanoTime()).as("waiting for records on " + topic.name() + "; have " + all.size())
            .isLessThan(deadline);
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          all.add(EventCodec.of(type).decode(r.value()));
        }
      }
    } catch (io.jointcs.events.codec.EventDecodingException e) {
      throw new IllegalStateException(e);
    }
    return all;
  }

  private static void poll(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  private KafkaConsumer<String, byte[]> consumer(String groupId) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    if (groupId != null) {
      p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    }
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, groupId != null);
    return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
  }
}
