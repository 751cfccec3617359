package io.jointcs.executor;

import io.jointcs.events.CandidateEvaluationRequest;
import io.jointcs.events.CandidateEvaluationResult;
import io.jointcs.events.codec.Decoded;
import io.jointcs.events.codec.DecodedDeserializer;
import io.jointcs.events.codec.EventSerializer;
import io.jointcs.topics.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker of the consumer group: reads {@code jointcs.candidates.requests} one record at a time and, per record,
 * either publishes nothing (the candidate already has a committed result) or evaluates it and publishes the result
 * on {@code jointcs.candidates.results} in the same Kafka transaction that commits the request's offset
 * (consume-transform-produce), so a record's result and its offset are committed together or not at all.
 *
 * <p>The evaluation (minutes) runs on a separate thread while this thread keeps polling with every partition
 * paused: the consumer stays in the group, takes part in rebalances promptly and notices a revoked partition (the
 * evaluation's result is then not committed; the new owner evaluates the record again, or finds the result in the
 * ledger). Shutdown lets a running evaluation finish within the grace period, else abandons it uncommitted.
 */
final class Worker implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(Worker.class);
  /** Computed but uncommitted results kept for a redelivery to this worker. Unit: results. */
  private static final int UNPUBLISHED_KEPT = 16;

  /** What the worker is doing, for health checks. */
  enum State { STARTING, POLLING, EVALUATING, BACKING_OFF, STOPPED }

  private final String workerId;
  private final String transactionalId;
  private final Map<String, Object> clientConfig;
  private final ExecutorConfig config;
  private final ResultLedger ledger;
  private final Evaluation evaluator;
  private final String requestsTopic;
  private final String resultsTopic;
  private final ExecutorMetrics metrics;
  private final Clock clock;
  private final ExecutorService evaluation;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Map<String, CandidateEvaluationResult> unpublished = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, CandidateEvaluationResult> eldest) {
      return size() > UNPUBLISHED_KEPT;
    }
  };

  private volatile State state = State.STARTING;
  private volatile long lastTurnNanos = System.nanoTime();
  private volatile boolean running = true;
  private volatile long stopDeadlineNanos = Long.MAX_VALUE;
  private volatile String lastError;

  // touched by the worker thread only (the rebalance listener runs inside its poll)
  private TopicPartition inFlight;
  private boolean inFlightRevoked;

  /**
   * @param requestsTopic {@link Topics#CANDIDATE_REQUESTS} in the service (tests use topics of their own)
   * @param resultsTopic {@link Topics#CANDIDATE_RESULTS} in the service; the one {@code ledger} reads
   */
  Worker(String workerId, String transactionalId, Map<String, Object> clientConfig, ExecutorConfig config,
      String requestsTopic, String resultsTopic, ResultLedger ledger, Evaluation evaluator, ExecutorMetrics metrics,
      Clock clock) {
    this.workerId = workerId;
    this.requestsTopic = requestsTopic;
    this.resultsTopic = resultsTopic;
    this.transactionalId = transactionalId;
    this.clientConfig = Map.copyOf(clientConfig);
    this.config = config;
    this.ledger = ledger;
    this.evaluator = evaluator;
    this.metrics = metrics;
    this.clock = clock;
    this.evaluation = Executors.newSingleThreadExecutor(r -> {
      // daemon: an evaluation abandoned at shutdown must not keep the JVM alive
      Thread t = new Thread(r, workerId + "-evaluation");
      t.setDaemon(true);
      return t;
    });
  }

  String workerId() {
    return workerId;
  }

  State state() {
    return state;
  }

  /** Time since the loop last turned; a healthy worker turns at least every poll timeout. */
  Duration sinceLastTurn() {
    return Duration.ofNanos(System.nanoTime() - lastTurnNanos);
  }

  String lastError() {
    return lastError;
  }

  @Override
  public void run() {
    try {
      while (running) {
        try (KafkaConsumer<String, Decoded<CandidateEvaluationRequest>> consumer = newConsumer();
            KafkaProducer<String, CandidateEvaluationResult> producer = newProducer()) {
          producer.initTransactions(); // fences an earlier producer of this transactional id, aborting its transaction
          consumer.subscribe(List.of(requestsTopic), new Rebalance(consumer));
          lastError = null;
          loop(consumer, producer);
        } catch (RuntimeException e) {
          if (!running) {
            break;
          }
          lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
          state = State.BACKING_OFF;
          LOG.error("worker {} failed; reconnecting in {}", workerId, config.retryBackoff(), e);
          sleep(config.retryBackoff());
        }
      }
    } finally {
      state = State.STOPPED;
      stopped.countDown();
      LOG.info("worker {} stopped", workerId);
    }
  }

  private void loop(KafkaConsumer<String, Decoded<CandidateEvaluationRequest>> consumer,
      KafkaProducer<String, CandidateEvaluationResult> producer) {
    while (running) {
      state = State.POLLING;
      turn();
      ConsumerRecords<String, Decoded<CandidateEvaluationRequest>> records = consumer.poll(config.pollTimeout());
      for (ConsumerRecord<String, Decoded<CandidateEvaluationRequest>> record : records) {
        if (!running) {
          return; // not committed: redelivered to the next owner
        }
        handle(record, consumer, producer);
      }
    }
  }

  private void handle(ConsumerRecord<String, Decoded<CandidateEvaluationRequest>> record,
      KafkaConsumer<String, Decoded<CandidateEvaluationRequest>> consumer,
      KafkaProducer<String, CandidateEvaluationResult> producer) {
    Decoded<CandidateEvaluationRequest> value = record.value();
    String key = record.key();
    if (value == null || (value instanceof Decoded.Failed<CandidateEvaluationRequest> && key == null)) {
      // nothing to answer to: skip it (committed, so it is not read again)
      LOG.warn("skipping {} at {}-{}@{}", value == null ? "a tombstone" : "an undecodable record without key",
          record.topic(), record.partition(), record.offset());
      metrics.skipped("unreadable");
      commit(null, record, consumer, producer);
      return;
    }
    String candidateId = value instanceof Decoded.Ok<CandidateEvaluationRequest> ok
        ? ok.value().getCandidateId() : key;
    if (ledger.published(candidateId, config.ledgerCatchUpTimeout()).isPresent()) {
      LOG.info("candidate {} already has a committed result; request at {}-{}@{} publishes nothing", candidateId,
          record.topic(), record.partition(), record.offset());
      metrics.skipped("already_published");
      commit(null, record, consumer, producer);
      return;
    }
    CandidateEvaluationResult result = unpublished.remove(candidateId);
    if (result == null) {
      if (value instanceof Decoded.Failed<CandidateEvaluationRequest> failed) {
        // answered with an error result, so the orchestrator waiting on this candidate hears of it
        result = undecodableResult(key, failed);
      } else {
        result = evaluateWhilePolling(((Decoded.Ok<CandidateEvaluationRequest>) value).value(), record, consumer);
        if (result == null) {
          return; // abandoned: partition revoked, or shutdown
        }
      }
    }
    commit(result, record, consumer, producer);
  }

  private CandidateEvaluationResult undecodableResult(String key, Decoded.Failed<CandidateEvaluationRequest> failed) {
    return CandidateEvaluationResult.newBuilder().setCandidateId(key).setSearchId("unknown").setStep(-1)
        .setEvalWallTimeMs(0).setWorkerId(workerId).setCompletedAtEpochMs(clock.millis())
        .setError("the evaluation request could not be decoded (" + failed.reason() + "): " + failed.message())
        .build();
  }

  /** Runs the evaluation on the evaluation thread while this one keeps the consumer in the group; null if abandoned. */
  private CandidateEvaluationResult evaluateWhilePolling(CandidateEvaluationRequest request,
      ConsumerRecord<String, ?> record, KafkaConsumer<String, Decoded<CandidateEvaluationRequest>> consumer) {
    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
    LOG.info("worker {} evaluating candidate {} from {}@{}", workerId, request.getCandidateId(), partition,
        record.offset());
    state = State.EVALUATING;
    inFlight = partition;
    inFlightRevoked = false;
    consumer.pause(consumer.assignment());
    long started = System.nanoTime();
    Future<CandidateEvaluationResult> future = evaluation.submit(() -> evaluator.evaluate(request, workerId));
    try {
      while (true) {
        try {
          CandidateEvaluationResult result = future.get(config.pollTimeout().toMillis(), TimeUnit.MILLISECONDS);
          metrics.evaluated(result, Duration.ofNanos(System.nanoTime() - started));
          if (inFlightRevoked) {
            // another worker owns the record now and evaluates it itself; kept in case it comes back here
            LOG.warn("partition {} was revoked while candidate {} was evaluated; its result is not published here",
                partition, request.getCandidateId());
            unpublished.put(request.getCandidateId(), result);
            return null;
          }
          return result;
        } catch (TimeoutException e) {
          // still evaluating
        } catch (ExecutionException e) {
          throw new IllegalStateException("the evaluator threw, which it never should", e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          running = false;
        }
        if (!running && System.nanoTime() > stopDeadlineNanos) {
          LOG.warn("shutting down: abandoning the evaluation of candidate {} uncommitted (it is redelivered)",
              request.getCandidateId());
          metrics.abandoned();
          return null;
        }
        turn();
        // every partition is paused: this returns no records, but keeps the membership and runs rebalances
        ConsumerRecords<String, Decoded<CandidateEvaluationRequest>> unexpected = consumer.poll(Duration.ZERO);
        rewind(unexpected, consumer);
      }
    } finally {
      inFlight = null;
      if (running) {
        consumer.resume(consumer.paused());
      }
    }
  }

  /** Records returned despite the pause (never expected) are put back. */
  private static void rewind(ConsumerRecords<String, ?> records, KafkaConsumer<String, ?> consumer) {
    for (TopicPartition partition : records.partitions()) {
      consumer.seek(partition, records.records(partition).get(0).offset());
      consumer.pause(List.of(partition));
    }
  }

  /**
   * In one transaction: the result (when not null) and the request's offset. A failed transaction is aborted and
   * the record read again; the computed result is kept so it is not evaluated twice.
   */
  private void commit(CandidateEvaluationResult result, ConsumerRecord<String, ?> record,
      KafkaConsumer<String, Decoded<CandidateEvaluationRequest>> consumer,
      KafkaProducer<String, CandidateEvaluationResult> producer) {
    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
    try {
      producer.beginTransaction();
      if (result != null) {
        producer.send(new ProducerRecord<>(resultsTopic, result.getCandidateId(), result));
      }
      producer.sendOffsetsToTransaction(Map.of(partition, new OffsetAndMetadata(record.offset() + 1)),
          consumer.groupMetadata());
      producer.commitTransaction();
    } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException
        | UnsupportedVersionException e) {
      // fatal for this producer: the caller closes both clients and reconnects; the record is read again
      keepForRetry(result);
      throw e;
    } catch (KafkaException e) {
      LOG.warn("committing the request at {}@{} failed ({}); aborting and reading it again", partition,
          record.offset(), e.toString());
      keepForRetry(result);
      producer.abortTransaction();
      if (consumer.assignment().contains(partition)) {
        consumer.seek(partition, record.offset());
      }
      metrics.commitFailed();
      return;
    }
    if (result != null) {
      ledger.recordCommitted(result);
      metrics.published(result);
      LOG.info("published the result of candidate {} ({}) and committed {}@{}", result.getCandidateId(),
          result.getError() == null ? "accuracy " + result.getAccuracy() : "error", partition, record.offset());
    }
  }

  private void keepForRetry(CandidateEvaluationResult result) {
    if (result != null) {
      unpublished.put(result.getCandidateId(), result);
    }
  }

  /** Asks the worker to stop; a running evaluation may finish and commit until {@code deadlineNanos}. */
  void requestStop(long deadlineNanos) {
    stopDeadlineNanos = deadlineNanos;
    running = false;
  }

  /** Waits for the worker loop to end. */
  boolean awaitStopped(Duration timeout) throws InterruptedException {
    boolean done = stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    evaluation.shutdownNow();
    return done;
  }

  private void turn() {
    lastTurnNanos = System.nanoTime();
  }

  private void sleep(Duration duration) {
    long until = System.nanoTime() + duration.toNanos();
    while (running && System.nanoTime() < until) {
      try {
        Thread.sleep(Math.min(200, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      turn();
    }
  }

  private KafkaConsumer<String, Decoded<CandidateEvaluationRequest>> newConsumer() {
    Properties props = new Properties();
    props.putAll(clientConfig);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, workerId + "-consumer");
    // offsets are committed inside the result's transaction, never on their own
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    // requests from a transactional orchestrator count only once committed
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    // a new group starts with the requests already waiting, not after them
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // one evaluation at a time per worker: nothing is fetched ahead and then held for minutes
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1");
    props.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, String.valueOf(config.maxPollInterval().toMillis()));
    // a rebalance moves only the partitions that change owner: an evaluation elsewhere is not disturbed
    props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
    return new KafkaConsumer<>(props, new StringDeserializer(),
        new DecodedDeserializer<>(CandidateEvaluationRequest.class));
  }

  private KafkaProducer<String, CandidateEvaluationResult> newProducer() {
    Properties props = new Properties();
    props.putAll(clientConfig);
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, workerId + "-producer");
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    // implied by transactions; said explicitly
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    // a transaction opens only after the evaluation and lasts milliseconds; if a killed worker leaves one open,
    // read_committed readers of its result partition wait at most this long (default 60 s)
    props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "30000");
    return new KafkaProducer<>(props, new StringSerializer(), new EventSerializer<>(CandidateEvaluationResult.class));
  }

  /** Marks the in-flight evaluation's partition as lost to another owner; pauses partitions gained while busy. */
  private final class Rebalance implements ConsumerRebalanceListener {
    private final KafkaConsumer<String, ?> consumer;

    Rebalance(KafkaConsumer<String, ?> consumer) {
      this.consumer = consumer;
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      if (inFlight != null && partitions.contains(inFlight)) {
        inFlightRevoked = true;
      }
      if (!partitions.isEmpty()) {
        LOG.info("worker {}: partitions revoked {}", workerId, partitions);
      }
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      onPartitionsRevoked(partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      if (inFlight != null && !partitions.isEmpty()) {
        Set<TopicPartition> gained = new HashSet<>(partitions);
        consumer.pause(gained); // busy: the next record waits until the evaluation is done
      }
      if (!partitions.isEmpty()) {
        LOG.info("worker {}: partitions assigned {}", workerId, partitions);
      }
    }
  }
}
