package io.jointcs.executor;

import io.jointcs.events.CandidateEvaluationResult;
import io.jointcs.events.codec.Decoded;
import io.jointcs.events.codec.DecodedDeserializer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which candidate ids already have a committed result: read from the results topic itself (read_committed, every
 * partition, from the beginning, no consumer group). Before a request is evaluated the ledger reads up to the
 * topic's current end, so a result committed by any instance before that moment is seen. The results topic keeps
 * records 30 days, requests 7: a redelivered request always finds its result here.
 *
 * <p>Thread-safe: workers share one ledger.
 */
public final class ResultLedger implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ResultLedger.class);

  private final KafkaConsumer<String, Decoded<CandidateEvaluationResult>> consumer;
  private final List<TopicPartition> partitions;
  private final Map<String, CandidateEvaluationResult> published = new HashMap<>();
  private boolean caughtUpOnce;

  /** @param clientConfig bootstrap servers and any other client settings */
  public ResultLedger(Map<String, Object> clientConfig, String topic, String clientId) {
    Properties props = new Properties();
    props.putAll(clientConfig);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    // only committed results count: an aborted transaction (a fenced or crashed worker) published nothing
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    this.consumer = new KafkaConsumer<>(props, new StringDeserializer(),
        new DecodedDeserializer<>(CandidateEvaluationResult.class));
    List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
    if (infos == null || infos.isEmpty()) {
      consumer.close();
      throw new IllegalStateException("results topic " + topic + " does not exist");
    }
    this.partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /**
   * The committed result of {@code candidateId}, after reading the results topic up to its current end.
   *
   * @throws org.apache.kafka.common.errors.TimeoutException when the end is not reached within {@code timeout}
   */
  public synchronized Optional<CandidateEvaluationResult> published(String candidateId, Duration timeout) {
    catchUp(timeout);
    return Optional.ofNullable(published.get(candidateId));
  }

  /** Records a result this process has just committed (the topic will show it too). */
  public synchronized void recordCommitted(CandidateEvaluationResult result) {
    published.putIfAbsent(result.getCandidateId(), result);
  }

  /** True once the ledger has read the whole topic at least once. */
  public synchronized boolean ready() {
    return caughtUpOnce;
  }

  /** Reads up to the end offsets of now (for read_committed: the last stable offsets). */
  public synchronized void catchUp(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
    int read = 0;
    while (!reached(end)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new org.apache.kafka.common.errors.TimeoutException("the result ledger did not reach the end of "
            + partitions.get(0).topic() + " within " + timeout);
      }
      for (ConsumerRecord<String, Decoded<CandidateEvaluationResult>> record
          : consumer.poll(Duration.ofMillis(Math.min(200, Math.max(1, left / 1_000_000))))) {
        read++;
        Decoded<CandidateEvaluationResult> value = record.value();
        if (value == null) {
          continue; // a tombstone says nothing about a candidate
        }
        if (value instanceof Decoded.Ok<CandidateEvaluationResult> ok) {
          // the first committed result of a candidate is the one that counts
          published.putIfAbsent(ok.value().getCandidateId(), ok.value());
        } else if (value instanceof Decoded.Failed<CandidateEvaluationResult> failed) {
          LOG.warn("skipping an undecodable record at {}-{}@{}: {}", record.topic(), record.partition(),
              record.offset(), failed.message());
        }
      }
    }
    if (!caughtUpOnce) {
      LOG.info("result ledger loaded: {} candidates with a result ({} records read)", published.size(), read);
    }
    caughtUpOnce = true;
  }

  private boolean reached(Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  public synchronized int size() {
    return published.size();
  }

  @Override
  public synchronized void close() {
    consumer.close(Duration.ofSeconds(5));
  }
}
