package io.jointcs.executor;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointcs.events.ArtifactRef;
import io.jointcs.events.CandidateEvaluationRequest;
import io.jointcs.events.CandidateEvaluationResult;
import io.jointcs.events.FineTuneBudget;
import io.jointcs.events.codec.EventDeserializer;
import io.jointcs.events.codec.EventSerializer;
import io.jointcs.kafka.embedded.KafkaTestResource;
import io.jointcs.kafka.embedded.TestKafka;
import io.jointcs.kafka.embedded.TestKafkaCondition;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Workers on topics of their own (on the same test broker), with evaluations the test controls: a worker
 * stopped mid-evaluation commits nothing and the request is evaluated again by the next owner; workers sharing a
 * group evaluate every request once. Counts results on the committed (read_committed) view.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@ExtendWith(TestKafkaCondition.class)
class WorkerRecoveryTest {
  static final Duration TIMEOUT = Duration.ofSeconds(60);

  TestKafka kafka;

  @Inject
  ExecutorConfig config;

  final List<Worker> started = new ArrayList<>();
  final List<AutoCloseable> closeables = new ArrayList<>();

  @AfterEach
  void stopAll() throws Exception {
    for (Worker worker : started) {
      worker.requestStop(System.nanoTime());
      worker.awaitStopped(Duration.ofSeconds(30));
    }
    for (AutoCloseable c : closeables) {
      c.close();
    }
  }

  /** A request topic and a result topic for one test. */
  record Topics(String requests, String results, String group) {}

  Topics newTopics() throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    Topics topics = new Topics("test.requests." + suffix, "test.results." + suffix, "test-group-" + suffix);
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(topics.requests(), 4, (short) 1),
          new NewTopic(topics.results(), 2, (short) 1))).all().get();
    }
    return topics;
  }

  Worker start(String name, Topics topics, Evaluation evaluation) {
    Map<String, Object> client = Map.of("bootstrap.servers", kafka.bootstrapServers());
    ResultLedger ledger = new ResultLedger(client, topics.results(), name + "-ledger");
    closeables.add(ledger);
    ExecutorConfig grouped = new DelegatingConfig(config, topics.group());
    Worker worker = new Worker(name, topics.group() + "-" + name, client, grouped, topics.requests(),
        topics.results(), ledger, evaluation, new ExecutorMetrics(new SimpleMeterRegistry()), Clock.systemUTC());
    Thread thread = new Thread(worker, name);
    thread.setDaemon(true);
    thread.start();
    started.add(worker);
    return worker;
  }

  void send(Topics topics, String candidateId) throws Exception {
    try (KafkaProducer<String, CandidateEvaluationRequest> producer = new KafkaProducer<>(
        Map.of("bootstrap.servers", kafka.bootstrapServers(), "acks", "all"), new StringSerializer(),
        new EventSerializer<>(CandidateEvaluationRequest.class))) {
      producer.send(new ProducerRecord<>(topics.requests(), candidateId, request(candidateId))).get();
    }
  }

  static CandidateEvaluationRequest request(String candidateId) {
    return CandidateEvaluationRequest.newBuilder().setCandidateId(candidateId).setSearchId("s").setStep(0)
        .setBaseArtifact(ArtifactRef.newBuilder().setRef("x").setSha256("0".repeat(64)).setSizeBytes(1).build())
        .setDatasetId("synthetic").setWidths(List.of()).setFineTuneBudget(new FineTuneBudget(0, 1, 0.1))
        .setSeed(1).setRequestedAtEpochMs(0).build();
  }

  static CandidateEvaluationResult result(CandidateEvaluationRequest request, String workerId) {
    return CandidateEvaluationResult.newBuilder().setCandidateId(request.getCandidateId()).setSearchId("s")
        .setStep(0).setAccuracy(0.5).setEvalWallTimeMs(1).setWorkerId(workerId).setCompletedAtEpochMs(1).build();
  }

  /** Every committed result on the topic, polled until {@code done} holds or the timeout. */
  List<CandidateEvaluationResult> committedResults(Topics topics, java.util.function.Predicate<List<CandidateEvaluationResult>> done) {
    List<CandidateEvaluationResult> all = new ArrayList<>();
    try (KafkaConsumer<String, CandidateEvaluationResult> consumer = new KafkaConsumer<>(
        Map.of("bootstrap.servers", kafka.bootstrapServers(), "isolation.level", "read_committed"),
        new StringDeserializer(), new EventDeserializer<>(CandidateEvaluationResult.class))) {
      List<TopicPartition> partitions = List.of(new TopicPartition(topics.results(), 0),
          new TopicPartition(topics.results(), 1));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      KafkaProbe.await(() -> {
        for (ConsumerRecord<String, CandidateEvaluationResult> r : consumer.poll(Duration.ofMillis(200))) {
          all.add(r.value());
        }
        return done.test(all);
      }, TIMEOUT, "results on " + topics.results());
    }
    return all;
  }

  @Test
  void anEvaluationAbandonedAtShutdownIsEvaluatedAgainByTheNextOwnerAndPublishedOnce() throws Exception {
    // Given worker A whose evaluation does not finish until the test lets it
    Topics topics = newTopics();
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Worker a = start("a", topics, (request, workerId) -> {
      entered.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return result(request, workerId);
    });
    String candidate = "c-" + UUID.randomUUID();
    send(topics, candidate);
    KafkaProbe.await(() -> entered.getCount() == 0, TIMEOUT, "worker a evaluating");

    // When A is stopped with no grace, and worker B joins the group
    a.requestStop(System.nanoTime());
    assertThat(a.awaitStopped(Duration.ofSeconds(30))).isTrue();
    AtomicInteger evaluatedByB = new AtomicInteger();
    start("b", topics, (request, workerId) -> {
      evaluatedByB.incrementAndGet();
      return result(request, workerId);
    });

    // Then B evaluates the request again and exactly one result is committed, B's
    List<CandidateEvaluationResult> results = committedResults(topics, all -> !all.isEmpty());
    release.countDown(); // A's evaluation ends now: its worker has stopped, so nothing more may appear
    assertThat(results).extracting(CandidateEvaluationResult::getWorkerId).containsExactly("b");
    assertThat(evaluatedByB).hasValue(1);
  }

  @Test
  void workersSharingAGroupEvaluateEveryRequestOnce() throws Exception {
    // Given two workers in one group that count their evaluations
    Topics topics = newTopics();
    Set<String> evaluated = ConcurrentHashMap.newKeySet();
    AtomicInteger evaluations = new AtomicInteger();
    Evaluation counting = (request, workerId) -> {
      evaluations.incrementAndGet();
      evaluated.add(request.getCandidateId());
      return result(request, workerId);
    };
    start("w1", topics, counting);
    start("w2", topics, counting);

    // When eight requests arrive, two of them twice
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      ids.add("c-" + i + "-" + UUID.randomUUID());
      send(topics, ids.get(i));
    }
    send(topics, ids.get(0));
    send(topics, ids.get(5));

    // Then every candidate has exactly one committed result and was evaluated once
    List<CandidateEvaluationResult> results = committedResults(topics, all -> all.size() >= ids.size());
    assertThat(results).extracting(CandidateEvaluationResult::getCandidateId).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(evaluated).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(evaluations).hasValue(ids.size());
  }

  /** The service's configuration with another group id. */
  record DelegatingConfig(ExecutorConfig delegate, String groupId) implements ExecutorConfig {
    @Override public int workers() { return 1; }
    @Override public java.util.Optional<String> instanceId() { return java.util.Optional.empty(); }
    @Override public Duration pollTimeout() { return Duration.ofMillis(200); }
    @Override public Duration maxPollInterval() { return delegate.maxPollInterval(); }
    @Override public Duration shutdownGrace() { return delegate.shutdownGrace(); }
    @Override public Duration retryBackoff() { return delegate.retryBackoff(); }
    @Override public Duration stallTimeout() { return delegate.stallTimeout(); }
    @Override public Duration ledgerCatchUpTimeout() { return delegate.ledgerCatchUpTimeout(); }
    @Override public java.util.Optional<Integer> intraOpThreads() { return java.util.Optional.empty(); }
    @Override public Recipe recipe() { return delegate.recipe(); }
    @Override public Synthetic synthetic() { return delegate.synthetic(); }
  }
}
