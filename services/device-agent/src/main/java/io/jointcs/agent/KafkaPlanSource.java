package io.jointcs.agent;

import io.jointcs.events.DeploymentPlan;
import io.jointcs.events.codec.Decoded;
import io.jointcs.events.codec.EventCodec;
import io.jointcs.topics.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows jointcs.plans: assigns itself every partition (no consumer group: every agent reads the whole compacted
 * topic and keeps its own key), starts at the beginning and keeps polling, so a new plan is seen within one poll.
 * A record that does not decode is logged and skipped: one bad plan of another device must not stop this one.
 */
final class KafkaPlanSource implements PlanSource {
  private static final Logger log = LoggerFactory.getLogger(KafkaPlanSource.class);
  private static final EventCodec<DeploymentPlan> CODEC = EventCodec.of(DeploymentPlan.class);

  private final Consumer<String, byte[]> consumer;
  private final PlanSelector selector;
  private boolean assigned;

  KafkaPlanSource(Consumer<String, byte[]> consumer, String deviceId) {
    this.consumer = consumer;
    this.selector = new PlanSelector(deviceId);
  }

  @Override
  public Optional<DeploymentPlan> latest(Duration maxWait) {
    if (!assigned) {
      List<TopicPartition> partitions = consumer.partitionsFor(Topics.PLANS.name(), Duration.ofSeconds(30)).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      assigned = true;
      log.info("following {} ({} partitions) from the beginning", Topics.PLANS.name(), partitions.size());
    }
    try {
      for (ConsumerRecord<String, byte[]> record : consumer.poll(maxWait)) {
        if (record.value() == null) {
          selector.offer(record.key(), null);
          continue;
        }
        Decoded<DeploymentPlan> decoded = CODEC.tryDecode(record.value());
        if (decoded instanceof Decoded.Ok<DeploymentPlan> ok) {
          if (selector.offer(record.key(), ok.value())) {
            log.info("plan v{} for this device seen on {}-{} at offset {}", ok.value().getPlanVersion(),
                record.topic(), record.partition(), record.offset());
          }
        } else if (decoded instanceof Decoded.Failed<DeploymentPlan> failed) {
          log.warn("skipping undecodable plan record {}-{}@{} (key {}): {}", record.topic(), record.partition(),
              record.offset(), record.key(), failed.message());
        }
      }
    } catch (WakeupException e) {
      // shutting down, or asked to look again now
    }
    return selector.latest();
  }

  @Override
  public void wakeup() {
    consumer.wakeup();
  }

  @Override
  public String describe() {
    return "Kafka topic " + Topics.PLANS.name();
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
  }
}
