package io.jointcs.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import io.jointcs.artifact.FileArtifactStore;
import io.jointcs.artifact.ModelArtifact;
import io.jointcs.events.CandidateEvaluationRequest;
import io.jointcs.events.CandidateEvaluationResult;
import io.jointcs.events.CandidatesProposed;
import io.jointcs.events.DeploymentPlan;
import io.jointcs.events.DeviceTelemetry;
import io.jointcs.events.NetworkMeasurementMethod;
import io.jointcs.events.NetworkSample;
import io.jointcs.events.NetworkState;
import io.jointcs.events.SearchCompleted;
import io.jointcs.events.SearchEvent;
import io.jointcs.events.StateAccepted;
import io.jointcs.events.codec.Decoded;
import io.jointcs.events.codec.EventCodec;
import io.jointcs.kafka.embedded.TestKafka;
import io.jointcs.model.Architecture;
import io.jointcs.model.ModelSpec;
import io.jointcs.model.Network;
import io.jointcs.testsupport.DeviceFixtures;
import io.jointcs.testsupport.EventPublisher;
import io.jointcs.testsupport.PredictorFixtures;
import io.jointcs.topics.TopicSpec;
import io.jointcs.topics.Topics;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The platform end to end, every process for real: the broker (embedded in this JVM by default, a Kafka container
 * with -Djointcs.test.kafka=testcontainers), profiling-ingestion, search-orchestration and TWO compression-execution
 * instances (one worker each) as JVMs of their own from their packaged jars, the way the demo starts them. The test
 * plays the predictor source (real MACs-linear predictors trained on synthetic layer samples, published as
 * LatencyPredictor events, as predictor-training would) and the device (its registration, and a network sample as
 * raw telemetry that ingestion turns into its network state).
 *
 * <p>A small joint search (ResNet-20 at half width, built-in {@code synthetic} data, a few fine-tune steps) runs
 * twice with the same request and seed: undisturbed, then with a worker SIGKILLed while it evaluates a candidate
 * and the orchestrator stopped (SIGTERM) and started again after some of the search's events. The disturbed
 * search must have contiguous unduplicated events, exactly one result per candidate, the same accepted states
 * (candidates, widths, accuracies, artifacts) and the same plan (model, cut) as the undisturbed one.
 *
 * <p>Exact equality of accuracies and artifact sha256s across runs and processes holds because an evaluation is a
 * function of the request: the same base artifact and widths, pruning by a deterministic ranking, recalibration and
 * fine-tuning sampled from the request's seed (derived from the search seed and the candidate's local id, not the
 * search id), the fixed synthetic data set, and one PyTorch intra-op thread per executor (set here), so CPU
 * reductions run in one order. With several intra-op threads the weights could differ in the last bits.
 *
 * <p>The worker is killed the moment its log says {@code evaluating candidate} (a watch on its output, no polling
 * delay); a kill that came after its commit would be caught by the assertion that the victim never published it.
 */
class PlatformEndToEndTest {
  private static final Duration START = Duration.ofSeconds(180); // JVM start on a busy 2-core machine
  private static final Duration SEARCH = Duration.ofSeconds(240);
  private static final String DEVICE_CLASS = "pi-e2e";
  private static final String EDGE_CLASS = "edge-e2e";
  private static final String DEVICE = "e2e-device-1";
  private static final ModelSpec BASE = ModelSpec.uniformlyScaled(Architecture.fromId("resnet20"), 10, 0.5);

  @TempDir
  Path dir;

  private final HttpJson http = new HttpJson();
  private final PrintStream out = System.out;
  private String bootstrap;

  @Test
  void aSearchSurvivesAKilledWorkerAndARestartedOrchestratorWithTheSameStatesAndPlans() throws Exception {
    Path home = checkoutRoot();
    ServiceLayout layout = new ServiceLayout(home);
    Assumptions.assumeTrue(List.of(ServiceLayout.INGESTION, ServiceLayout.EXECUTION, ServiceLayout.ORCHESTRATION)
        .stream().allMatch(s -> Files.isRegularFile(layout.quarkusJar(s))),
        "the services are not packaged (mvn install -DskipTests first; in the reactor the cli module is built "
            + "after them)");
    quietKafkaLogging();
    long t0 = System.nanoTime();
    // the embedded broker in this JVM, or a Kafka container with -Djointcs.test.kafka=testcontainers (skipped here
    // without Docker); the services reach either on its bootstrap address
    try (TestKafka broker = TestKafka.start();
        ProcessGroup group = new ProcessGroup(Duration.ofSeconds(20), out);
        PlanWatcher plans = new PlanWatcher(broker.bootstrapServers())) {
      bootstrap = broker.bootstrapServers();
      out.printf("[e2e] Kafka: %s%n", broker.describe());
      Launcher launcher = new Launcher(layout, dir, group);
      Path artifacts = dir.resolve("artifacts");

      // Given: a base model in the shared artifact store, predictors of the device and the edge class, a device
      String baseSha;
      FileArtifactStore store = new FileArtifactStore(artifacts);
      try (NDManager manager = NDManager.newBaseManager(); Network network = Network.initialize(BASE, manager, 42)) {
        baseSha = store.put(ModelArtifact.of(network)).sha256();
      }
      try (KafkaProducer<String, byte[]> producer = EventPublisher.producer(bootstrap)) {
        EventPublisher.send(producer, Topics.PREDICTORS, DEVICE_CLASS,
            PredictorFixtures.event(PredictorFixtures.macsLinear(BASE, DEVICE_CLASS, 2.0e-6, 0.05)));
        EventPublisher.send(producer, Topics.PREDICTORS, EDGE_CLASS,
            PredictorFixtures.event(PredictorFixtures.macsLinear(BASE, EDGE_CLASS, 0.5e-6, 0.01)));
        EventPublisher.send(producer, Topics.DEVICES, DEVICE, DeviceFixtures.registration(DEVICE, DEVICE_CLASS));
        // the device's uplink as it measures it: raw telemetry, which profiling-ingestion turns into its network state
        EventPublisher.send(producer, Topics.TELEMETRY_RAW, DEVICE, DeviceTelemetry.newBuilder()
            .setTelemetryId("e2e-net-1").setDevice(DeviceFixtures.registration(DEVICE, DEVICE_CLASS).getDevice())
            .setTimestampEpochMs(System.currentTimeMillis())
            .setPayload(NetworkSample.newBuilder().setUplinkBandwidthBytesPerSec(1_250_000).setRttMs(20)
                .setProbeSizeBytes(65_536).setMeasurementMethod(NetworkMeasurementMethod.SHAPED_EMULATION).build())
            .build());
      }
      Map<String, String> orchestratorProps = Map.of("kafka.bootstrap.servers", bootstrap,
          "jointcs.artifacts.root", artifacts.toString(),
          "jointcs.predictors.archive-dir", dir.resolve("predictor-archive").toString(),
          "jointcs.search.evaluation-timeout", "3m");
      Map<String, String> executorProps = Map.ofEntries(Map.entry("kafka.bootstrap.servers", bootstrap),
          Map.entry("jointcs.artifacts.root", artifacts.toString()),
          Map.entry("jointcs.executor.workers", "1"),
          Map.entry("jointcs.executor.intra-op-threads", "1"),
          Map.entry("jointcs.executor.shutdown-grace", "2s"),
          Map.entry("jointcs.executor.recipe.recalibration-batches", "1"),
          Map.entry("jointcs.executor.recipe.validation-images", "0"),
          // a crashed worker's partitions move to the other instance after 6 s (the broker's minimum), not 45 s
          Map.entry("kafka.session.timeout.ms", "6000"),
          Map.entry("kafka.heartbeat.interval.ms", "1000"));
      ChildProcess ingestionProcess = launcher.startQuarkus(ServiceLayout.INGESTION, "384m", Map.of(
          "kafka.bootstrap.servers", bootstrap, "kafka-streams.state.dir", dir.resolve("state").toString(),
          "jointcs.ingestion.device-classes", DEVICE_CLASS));
      ChildProcess orchestratorProcess = launcher.startQuarkus(ServiceLayout.ORCHESTRATION, "512m",
          orchestratorProps);
      List<ChildProcess> executorProcesses = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        executorProcesses.add(startExecutor(launcher, group, "compression-execution-" + i, layout, executorProps));
      }
      launcher.awaitReady(ingestionProcess, START);
      RunningService orchestrator = launcher.awaitReady(orchestratorProcess, START);
      List<RunningService> executors = new ArrayList<>();
      for (ChildProcess p : executorProcesses) {
        executors.add(launcher.awaitReady(p, START));
      }
      out.printf("[e2e] services ready after %.0f s%n", (System.nanoTime() - t0) / 1e9);

      poll(() -> readAll(Topics.NETWORK_STATE, NetworkState.class).stream()
          .anyMatch(n -> n.getDeviceId().equals(DEVICE)), START, group, "the device's network state from ingestion");

      // When: the undisturbed search
      long tA = System.nanoTime();
      String a = "e2e-undisturbed";
      submit(orchestrator, group, a, baseSha);
      awaitCompleted(group, () -> orchestrator, a);
      Run undisturbed = run(a, plans);
      out.printf("[e2e] undisturbed search: %d events, %d accepted states, %d results in %.0f s%n",
          undisturbed.events().size(), undisturbed.accepted().size(), undisturbed.results().size(),
          (System.nanoTime() - tA) / 1e9);
      checkConsistent(undisturbed);

      // the orchestrator is restarted once this many of the disturbed search's events are on the topic: right after
      // its first accepted state beyond the base model, so steps remain to be resumed
      int restartAfter = firstPrunedAcceptedPosition(undisturbed.events()) + 1;
      assertThat(restartAfter).as("the undisturbed search accepts a pruned state before it completes")
          .isLessThan(undisturbed.events().size());

      // When: the same search again, disturbed
      long tB = System.nanoTime();
      String b = "e2e-disturbed";
      submit(orchestrator, group, b, baseSha);
      // a worker is SIGKILLed while it evaluates one of the search's candidates: the moment its log says so
      Pattern evaluating = Pattern.compile("worker (\\S+) evaluating candidate (" + Pattern.quote(b) + "/\\S+)");
      List<CompletableFuture<Matcher>> watches = executors.stream()
          .map(e -> e.process().watchLine(evaluating)).toList();
      CompletableFuture.anyOf(watches.toArray(CompletableFuture[]::new)).get(SEARCH.toSeconds(), TimeUnit.SECONDS);
      int killed = watches.get(0).isDone() ? 0 : 1;
      ChildProcess victim = executors.get(killed).process();
      assertThat(victim.kill(Duration.ofSeconds(10))).as("killed " + victim).isTrue();
      String victimWorker = watches.get(killed).get().group(1);
      String inFlight = watches.get(killed).get().group(2);
      String survivorWorker = "compression-execution-" + (1 - killed) + "-w0";
      out.printf("[e2e] SIGKILLed %s while it evaluated %s%n", victim, inFlight);

      // the orchestrator is stopped after k events of the search and started again
      poll(() -> searchEvents(b).size() >= restartAfter, SEARCH, group, "event " + restartAfter + " of " + b);
      List<SearchEvent> beforeRestart = searchEvents(b);
      java.util.Set<String> resultsBeforeRestart = readAll(Topics.CANDIDATE_RESULTS, CandidateEvaluationResult.class)
          .stream().filter(r -> b.equals(r.getSearchId())).map(CandidateEvaluationResult::getCandidateId)
          .collect(Collectors.toSet());
      assertThat(beforeRestart).as("the orchestrator is restarted mid-search")
          .noneMatch(e -> e.getPayload() instanceof SearchCompleted);
      orchestrator.process().requestStop();
      String stopped = orchestrator.process().awaitStop(Duration.ofSeconds(30));
      out.printf("[e2e] orchestrator stopped after %d events of %s: %s%n", beforeRestart.size(), b, stopped);
      Files.move(launcher.logFile(ServiceLayout.ORCHESTRATION),
          launcher.logFile(ServiceLayout.ORCHESTRATION + "-before-restart"), StandardCopyOption.REPLACE_EXISTING);
      RunningService restarted = launcher.awaitReady(launcher.startQuarkus(ServiceLayout.ORCHESTRATION, "512m",
          orchestratorProps), START);
      awaitCompleted(group, () -> restarted, b);
      Run disturbed = run(b, plans);
      out.printf("[e2e] disturbed search: %d events, %d accepted states, %d results in %.0f s; whole test %.0f s%n",
          disturbed.events().size(), disturbed.accepted().size(), disturbed.results().size(),
          (System.nanoTime() - tB) / 1e9, (System.nanoTime() - t0) / 1e9);

      // Then: nothing lost, nothing duplicated, the same states and plans as undisturbed
      checkConsistent(disturbed);
      assertThat(restarted.process().log()).content().contains("resuming search " + b);
      // the killed evaluation was never committed by the victim; the surviving instance evaluated it, once
      assertThat(victim.log()).content().doesNotContain("published the result of candidate " + inFlight + " ");
      assertThat(disturbed.results()).filteredOn(r -> r.getCandidateId().equals(inFlight))
          .singleElement().satisfies(r -> assertThat(r.getWorkerId()).isEqualTo(survivorWorker));
      assertThat(victimWorker).isEqualTo("compression-execution-" + killed + "-w0");
      // candidates evaluated before the restart were not requested again by the restarted orchestrator
      Map<String, Long> requestsPerCandidate = disturbed.requests().stream()
          .collect(Collectors.groupingBy(CandidateEvaluationRequest::getCandidateId, Collectors.counting()));
      assertThat(resultsBeforeRestart).isNotEmpty()
          .allSatisfy(id -> assertThat(requestsPerCandidate.get(id)).as("requests of " + id).isEqualTo(1));
      // every candidate measured the same in both runs (evaluation is deterministic for a seed; see the class comment)
      assertThat(byLocalId(disturbed)).isEqualTo(byLocalId(undisturbed));
      assertThat(payloadKinds(disturbed.events())).isEqualTo(payloadKinds(undisturbed.events()));
      assertThat(disturbed.accepted()).as("accepted states (local candidate id, step, widths, accuracy, artifact)")
          .isEqualTo(undisturbed.accepted());
      assertThat(disturbed.plan().getModel().getSha256()).isEqualTo(undisturbed.plan().getModel().getSha256());
      assertThat(disturbed.plan().getCutPoint()).isEqualTo(undisturbed.plan().getCutPoint());
      assertThat(disturbed.plan().getBlockCount()).isEqualTo(undisturbed.plan().getBlockCount());
      assertThat(disturbed.plan().getExpectedAccuracy()).isEqualTo(undisturbed.plan().getExpectedAccuracy());
      group.check();
    }
  }

  // ------------------------------------------------------------------ one search's record

  /** An accepted state, comparable across searches (candidate ids without the search id). */
  record Accepted(int step, String localCandidateId, String widths, double accuracy, String artifactSha256) {}

  /** What a search left on the topics. */
  record Run(String searchId, List<SearchEvent> events, List<Accepted> accepted,
      List<CandidateEvaluationResult> results, List<CandidateEvaluationRequest> requests, DeploymentPlan plan) {}

  private Run run(String searchId, PlanWatcher plans) throws InterruptedException {
    List<SearchEvent> events = searchEvents(searchId);
    List<Accepted> accepted = events.stream().filter(e -> e.getPayload() instanceof StateAccepted)
        .map(e -> (StateAccepted) e.getPayload())
        .map(s -> new Accepted(s.getStep(), s.getCandidateId() == null ? null
            : s.getCandidateId().substring(searchId.length() + 1), s.getWidths().stream()
            .map(w -> w.getGroup() + "=" + w.getWidthChannels()).collect(Collectors.joining(",")), s.getAccuracy(),
            s.getArtifact().getSha256())).toList();
    List<CandidateEvaluationResult> results = readAll(Topics.CANDIDATE_RESULTS, CandidateEvaluationResult.class)
        .stream().filter(r -> searchId.equals(r.getSearchId())).toList();
    List<CandidateEvaluationRequest> requests = readAll(Topics.CANDIDATE_REQUESTS, CandidateEvaluationRequest.class)
        .stream().filter(r -> searchId.equals(r.getSearchId())).toList();
    DeploymentPlan plan = plans.awaitPlan(DEVICE, p -> searchId.equals(p.getSearchId()), Duration.ofSeconds(60))
        .orElseThrow(() -> new AssertionError("no plan of " + DEVICE + " from search " + searchId)).event();
    return new Run(searchId, events, accepted, results, requests, plan);
  }

  /** Contiguous sequence numbers without duplicates; exactly one result per requested candidate. */
  private static void checkConsistent(Run run) {
    List<Long> sequence = run.events().stream().map(SearchEvent::getSequenceNumber).toList();
    assertThat(sequence).as("sequence numbers of " + run.searchId()).doesNotHaveDuplicates();
    for (int i = 0; i < sequence.size(); i++) {
      assertThat(sequence.get(i)).as("sequence number at position " + i + " of " + run.searchId()).isEqualTo(i);
    }
    assertThat(run.events().get(run.events().size() - 1).getPayload()).isInstanceOf(SearchCompleted.class);
    Map<String, Long> resultsPerCandidate = run.results().stream()
        .collect(Collectors.groupingBy(CandidateEvaluationResult::getCandidateId, TreeMap::new,
            Collectors.counting()));
    assertThat(resultsPerCandidate).as("results per candidate of " + run.searchId()).allSatisfy((id, n) ->
        assertThat(n).as(id).isEqualTo(1));
    assertThat(resultsPerCandidate.keySet()).as("candidates with a result = candidates requested")
        .isEqualTo(run.requests().stream().map(CandidateEvaluationRequest::getCandidateId)
            .collect(Collectors.toCollection(java.util.TreeSet::new)));
    List<String> proposed = run.events().stream().filter(e -> e.getPayload() instanceof CandidatesProposed)
        .flatMap(e -> ((CandidatesProposed) e.getPayload()).getCandidates().stream())
        .map(c -> c.getCandidateId()).toList();
    assertThat(proposed).doesNotHaveDuplicates();
    assertThat(resultsPerCandidate.keySet()).containsAll(proposed);
    assertThat(run.results()).allSatisfy(r -> assertThat(r.getError()).as(r.getCandidateId()).isNull());
  }

  /** Each candidate's measurement by its id without the search id: accuracy and artifact. */
  private static Map<String, String> byLocalId(Run run) {
    Map<String, String> out = new TreeMap<>();
    run.results().forEach(r -> out.put(r.getCandidateId().substring(run.searchId().length() + 1),
        r.getAccuracy() + " " + r.getArtifact().getSha256()));
    return out;
  }

  private static List<String> payloadKinds(List<SearchEvent> events) {
    return events.stream().map(e -> e.getPayload().getClass().getSimpleName()).toList();
  }

  private static int firstPrunedAcceptedPosition(List<SearchEvent> events) {
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i).getPayload() instanceof StateAccepted s && s.getStep() >= 1) {
        return i;
      }
    }
    return events.size();
  }

  // ------------------------------------------------------------------ services

  private ChildProcess startExecutor(Launcher launcher, ProcessGroup group, String name, ServiceLayout layout,
      Map<String, String> props)
      throws IOException {
    // Launcher.startQuarkus names the log after the service; two instances need two logs
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java, "-Xmx1g", "-XX:+UseSerialGC", "-Dai.djl.offline=true",
        "-Dquarkus.http.port=0", "-Dquarkus.http.host=127.0.0.1", "-Djointcs.executor.instance-id=" + name));
    props.forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.addAll(List.of("-jar", layout.quarkusJar(ServiceLayout.EXECUTION).toString()));
    return group.start(name, command, Map.of(), dir, launcher.logFile(name));
  }

  private void submit(RunningService orchestrator, ProcessGroup group, String searchId, String baseSha)
      throws Exception {
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("searchId", searchId);
    request.put("baseModelSha256", baseSha);
    request.put("datasetId", "synthetic");
    request.put("deviceClasses", List.of(DEVICE_CLASS));
    request.put("edgeClass", EDGE_CLASS);
    request.put("networkConditions", List.of(Map.of("name", "wifi", "uplinkBandwidthBytesPerSec", 1_250_000,
        "rttMs", 20)));
    // out of reach on purpose: the step budget ends the search, so both runs take the same number of steps
    request.put("latencyTargetMs", 0.1);
    request.put("latencyReductionStep", 0.1);
    request.put("maxSteps", 2);
    request.put("fineTune", Map.of("optimizerSteps", 4, "batchSize", 8, "learningRate", 0.01));
    request.put("seed", 5);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      group.check();
      HttpJson.Answer answer = http.postJson(orchestrator.resolve("searches"), request);
      if (answer.ok()) {
        return;
      }
      // the orchestrator learns the predictors from jointcs.predictors a moment after it is ready
      if (System.nanoTime() > deadline || !(answer.status() == 503 || answer.error().contains("unknown device"))) {
        fail("POST /searches answered " + answer.status() + ": " + answer.error());
      }
      Thread.sleep(200);
    }
  }

  private void awaitCompleted(ProcessGroup group, java.util.function.Supplier<RunningService> orchestrator,
      String searchId) throws InterruptedException {
    long deadline = System.nanoTime() + SEARCH.toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      group.check();
      try {
        HttpJson.Answer a = http.get(orchestrator.get().resolve("searches/" + searchId));
        JsonNode summary = a.ok() && a.json() != null ? a.json().path("summary") : null;
        if (summary != null) {
          String status = summary.path("status").asText();
          last = summary.toString();
          if ("COMPLETED".equals(status)) {
            return;
          }
          if (!"RUNNING".equals(status)) {
            fail("search " + searchId + " ended " + last + "; logs in " + dir.resolve("logs"));
          }
        } else {
          last = a.status() + " " + a.body();
        }
      } catch (IOException e) {
        last = e.toString();
      }
      Thread.sleep(250);
    }
    fail("search " + searchId + " not completed within " + SEARCH.toSeconds() + " s (last: " + last + "); logs in "
        + dir.resolve("logs"));
  }

  private static void poll(BooleanSupplier condition, Duration timeout, ProcessGroup group, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      group.check();
      if (System.nanoTime() > deadline) {
        throw new AssertionError("waited " + timeout.toSeconds() + " s for " + what);
      }
      Thread.sleep(100);
    }
  }

  // ------------------------------------------------------------------ Kafka

  private List<SearchEvent> searchEvents(String searchId) {
    return readAll(Topics.SEARCH_EVENTS, SearchEvent.class).stream()
        .filter(e -> e.getSearchId().equals(searchId)).toList();
  }

  /** Every committed record of the topic up to its current end, in partition order. */
  private <T extends SpecificRecord> List<T> readAll(TopicSpec topic, Class<T> type) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<T> all = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
        new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (int i = 0; i < topic.partitions(); i++) {
        partitions.add(new TopicPartition(topic.name(), i));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("could not read " + topic.name() + " to its end");
        }
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.value() != null && EventCodec.of(type).tryDecode(r.value()) instanceof Decoded.Ok<T> ok) {
            all.add(ok.value());
          }
        }
      }
    }
    return all;
  }

  // ------------------------------------------------------------------ helpers

  private static Path checkoutRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isDirectory(p.resolve("services/search-orchestration"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("not inside the checkout: " + Path.of("").toAbsolutePath());
    }
    return p;
  }

  private static void quietKafkaLogging() {
    for (String logger : List.of("kafka", "org.apache.kafka", "state.change.logger")) {
      String key = "org.slf4j.simpleLogger.log." + logger;
      if (System.getProperty(key) == null) {
        System.setProperty(key, "error");
      }
    }
  }
}
