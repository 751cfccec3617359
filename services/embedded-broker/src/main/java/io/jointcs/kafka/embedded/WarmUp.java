package io.jointcs.kafka.embedded;

import io.jointcs.topics.TopicSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * One produce and one consume through a consumer group. Only after it succeeds are the partitions
 * led, the group coordinator loaded and the offsets topic created, so the first real client does
 * not see transient "coordinator not available" errors.
 */
final class WarmUp {
  /** Not in the catalogue: the broker's own, so warm-up records never reach a service. */
  static final TopicSpec TOPIC = new TopicSpec("jointcs.embedded-broker.warmup", "none", "none", 1,
      TopicSpec.CleanupPolicy.DELETE, Duration.ofHours(1), "embedded broker readiness round trip");
  private static final String GROUP = "jointcs-embedded-broker-warmup";

  private WarmUp() {}

  /** Runs the round trip; returns nanoTime at which the broker acknowledged the record. */
  static long roundTrip(String bootstrapServers, Duration timeout)
      throws InterruptedException, ExecutionException, TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String marker = UUID.randomUUID().toString();
    long acceptedAt;
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(bootstrapServers, timeout))) {
      producer.send(new ProducerRecord<>(TOPIC.name(), marker, marker)).get(remaining(deadline), TimeUnit.NANOSECONDS);
      acceptedAt = System.nanoTime();
    }
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig(bootstrapServers))) {
      consumer.subscribe(List.of(TOPIC.name()));
      while (remaining(deadline) > 0) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
          if (marker.equals(record.value())) {
            consumer.commitSync(Duration.ofNanos(remaining(deadline)));
            return acceptedAt;
          }
        }
      }
    }
    throw new TimeoutException("warm-up record not consumed within " + timeout);
  }

  private static long remaining(long deadline) {
    return Math.max(0, deadline - System.nanoTime());
  }

  private static Map<String, Object> producerConfig(String bootstrapServers, Duration timeout) {
    return Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis(),
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
  }

  private static Map<String, Object> consumerConfig(String bootstrapServers) {
    return Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.GROUP_ID_CONFIG, GROUP,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
  }
}
