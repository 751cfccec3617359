package io.jointcs.orchestration;

import io.jointcs.topics.TopicSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads whole topics from their beginning, every partition, without a consumer group: the state topics this service
 * materializes in memory (search events, evaluation results, predictors, devices, network state, plans). Nothing is
 * committed because the state is rebuilt from the topics at every start; every instance reads everything.
 */
final class TopicReader implements AutoCloseable {

  /** Gets every record, in partition order. */
  @FunctionalInterface
  interface Handler {
    void accept(ConsumerRecord<String, byte[]> record);
  }

  private final KafkaConsumer<String, byte[]> consumer;
  private final Duration pollTimeout;

  TopicReader(Map<String, Object> clientConfig, String clientId, List<TopicSpec> topics, Duration pollTimeout) {
    Object bootstrapServers = clientConfig.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG);
    Properties p = new Properties();
    p.putAll(clientConfig);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    this.pollTimeout = pollTimeout;
    List<TopicPartition> partitions = new ArrayList<>();
    for (TopicSpec topic : topics) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30));
      if (infos == null || infos.isEmpty()) {
        throw new IllegalStateException("topic " + topic.name() + " does not exist on " + bootstrapServers
            + " (create the catalogue topics: ./jointcs broker does)");
      }
      infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /**
   * Reads until every partition reaches the end offset it had when this call began.
   *
   * @return records read
   */
  long catchUp(Duration timeout, Handler handler) {
    Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
    long deadline = System.nanoTime() + timeout.toNanos();
    long count = 0;
    while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("state topics not read to their end within " + timeout.toSeconds() + " s");
      }
      for (ConsumerRecord<String, byte[]> r : consumer.poll(pollTimeout)) {
        handler.accept(r);
        count++;
      }
    }
    return count;
  }

  /** Reads new records until {@link #wakeup()}. */
  void tail(Handler handler) {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(pollTimeout)) {
          handler.accept(r);
        }
      }
    } catch (WakeupException e) {
      // closing
    }
  }

  void wakeup() {
    consumer.wakeup();
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
  }
}
