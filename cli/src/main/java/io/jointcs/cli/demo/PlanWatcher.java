package io.jointcs.cli.demo;

import io.jointcs.events.DeploymentPlan;
import io.jointcs.events.NetworkChange;
import io.jointcs.events.codec.Decoded;
import io.jointcs.events.codec.EventCodec;
import io.jointcs.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads jointcs.plans and jointcs.network.changes from their beginning as the demo runs, stamping each record with
 * the time this process received it: the reaction time of a re-segmentation is measured here, on the topic, not from
 * any service's own log. Every partition is assigned (no consumer group, nothing committed).
 */
public final class PlanWatcher implements AutoCloseable {
  private static final Duration POLL = Duration.ofMillis(50);

  /**
   * An event, when it reached the demo, and its record's timestamp (the producer's clock when it sent it). Units:
   * epoch ms (UTC).
   */
  public record Observed<T>(T event, long receivedAtEpochMs, long recordTimestampMs) {}

  private final KafkaConsumer<String, byte[]> consumer;
  private final List<Observed<DeploymentPlan>> plans = new ArrayList<>(); // guarded by this
  private final List<Observed<NetworkChange>> changes = new ArrayList<>(); // guarded by this
  private final Thread thread;
  private volatile boolean closing;

  public PlanWatcher(String bootstrapServers) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "jointcs-demo-plan-watcher");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // ingestion writes network changes in exactly-once transactions: aborted ones never happened
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    for (var topic : List.of(Topics.PLANS, Topics.NETWORK_CHANGES)) {
      for (int i = 0; i < topic.partitions(); i++) {
        partitions.add(new TopicPartition(topic.name(), i));
      }
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    thread = new Thread(this::run, "jointcs-demo-plan-watcher");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    try {
      while (!closing) {
        var records = consumer.poll(POLL);
        long now = System.currentTimeMillis();
        for (ConsumerRecord<String, byte[]> r : records) {
          if (r.value() == null) {
            continue;
          }
          if (r.topic().equals(Topics.PLANS.name())) {
            decode(DeploymentPlan.class, r.value()).ifPresent(e -> add(plans, new Observed<>(e, now, r.timestamp())));
          } else {
            decode(NetworkChange.class, r.value()).ifPresent(e -> add(changes, new Observed<>(e, now, r.timestamp())));
          }
        }
      }
    } catch (WakeupException e) {
      // closing
    } finally {
      consumer.close(Duration.ofSeconds(2));
    }
  }

  private synchronized <T> void add(List<Observed<T>> list, Observed<T> o) {
    list.add(o);
    notifyAll();
  }

  private static <T extends org.apache.avro.specific.SpecificRecord> Optional<T> decode(Class<T> type, byte[] bytes) {
    return EventCodec.of(type).tryDecode(bytes) instanceof Decoded.Ok<T> ok ? Optional.of(ok.value())
        : Optional.empty();
  }

  public synchronized List<Observed<DeploymentPlan>> plans(String deviceId) {
    return plans.stream().filter(o -> o.event().getDeviceId().equals(deviceId)).toList();
  }

  public synchronized Optional<Observed<DeploymentPlan>> latestPlan(String deviceId) {
    List<Observed<DeploymentPlan>> mine = plans(deviceId);
    return mine.isEmpty() ? Optional.empty() : Optional.of(mine.get(mine.size() - 1));
  }

  public synchronized List<Observed<NetworkChange>> changes(String deviceId) {
    return changes.stream().filter(o -> o.event().getDeviceId().equals(deviceId)).toList();
  }

  /** The first plan of the device that {@code wanted} accepts, waiting up to {@code timeout}; empty if none came. */
  public synchronized Optional<Observed<DeploymentPlan>> awaitPlan(String deviceId,
      Predicate<DeploymentPlan> wanted, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<Observed<DeploymentPlan>> found = plans(deviceId).stream().filter(o -> wanted.test(o.event()))
          .findFirst();
      long left = deadline - System.nanoTime();
      if (found.isPresent() || left <= 0) {
        return found;
      }
      wait(Math.max(1, Math.min(left / 1_000_000, 500)));
    }
  }

  @Override
  public void close() {
    closing = true;
    consumer.wakeup();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
