package io.jointcs.executor;

import io.jointcs.events.CandidateEvaluationRequest;
import io.jointcs.events.CandidateEvaluationResult;
import io.jointcs.events.codec.EventDeserializer;
import io.jointcs.events.codec.EventSerializer;
import io.jointcs.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The test's side of Kafka: sends requests, reads committed results, reads the group's committed offsets. */
final class KafkaProbe implements AutoCloseable {
  private final KafkaProducer<String, CandidateEvaluationRequest> producer;
  private final KafkaConsumer<String, CandidateEvaluationResult> results;
  private final Admin admin;
  private final List<CandidateEvaluationResult> seen = new ArrayList<>();

  KafkaProbe(String bootstrap) {
    producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(),
        new EventSerializer<>(CandidateEvaluationRequest.class));
    results = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(),
        new EventDeserializer<>(CandidateEvaluationResult.class));
    List<TopicPartition> partitions = results.partitionsFor(Topics.CANDIDATE_RESULTS.name()).stream()
        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    results.assign(partitions);
    results.seekToBeginning(partitions);
    admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
  }

  RecordMetadata send(CandidateEvaluationRequest request) throws Exception {
    return producer.send(new ProducerRecord<>(Topics.CANDIDATE_REQUESTS.name(), request.getCandidateId(), request))
        .get();
  }

  /** Every committed result read so far with this candidate id (after reading what is there now). */
  List<CandidateEvaluationResult> resultsFor(String candidateId) {
    for (ConsumerRecord<String, CandidateEvaluationResult> record : results.poll(Duration.ofMillis(200))) {
      seen.add(record.value());
    }
    return seen.stream().filter(r -> r.getCandidateId().equals(candidateId)).toList();
  }

  /** Polls until {@code candidateId} has at least one result; returns all of its results. */
  List<CandidateEvaluationResult> awaitResult(String candidateId, Duration timeout) {
    await(() -> !resultsFor(candidateId).isEmpty(), timeout, "a result for " + candidateId);
    return resultsFor(candidateId);
  }

  /** True once the executor's group has committed past {@code sent}. */
  boolean committedPast(String groupId, RecordMetadata sent) {
    try {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
      OffsetAndMetadata committed = offsets.get(new TopicPartition(sent.topic(), sent.partition()));
      return committed != null && committed.offset() > sent.offset();
    } catch (Exception e) {
      return false;
    }
  }

  static void await(BooleanSupplier condition, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what);
      }
    }
  }

  @Override
  public void close() {
    producer.close();
    results.close();
    admin.close();
  }
}
