package io.jointcs.kafka.embedded;

import io.jointcs.topics.TopicSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the topics that are missing (existing ones are left as they are, so a restart is
 * harmless) and waits until each partition has a leader.
 */
final class TopicInstaller {
  private static final Logger LOG = LoggerFactory.getLogger(TopicInstaller.class);
  private static final short SINGLE_REPLICA = 1;
  private static final long RETRY_BACKOFF_MS = 50;

  private TopicInstaller() {}

  static void ensure(Admin admin, Collection<TopicSpec> topics, Duration timeout)
      throws InterruptedException, ExecutionException, TimeoutException {
    Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    List<NewTopic> missing = new ArrayList<>();
    for (TopicSpec spec : topics) {
      if (!existing.contains(spec.name())) {
        missing.add(newTopic(spec));
      }
    }
    for (var result : admin.createTopics(missing).values().entrySet()) {
      try {
        result.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        // another client created it between our listing and creating: that is what we wanted
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
    }
    warnOnDifferentPartitions(admin, topics, existing, timeout);
    awaitLeaders(admin, topics, timeout);
    LOG.info("topics ready: {} created, {} already there", missing.size(), topics.size() - missing.size());
  }

  static NewTopic newTopic(TopicSpec spec) {
    return new NewTopic(spec.name(), spec.partitions(), SINGLE_REPLICA).configs(Map.of(
        TopicConfig.CLEANUP_POLICY_CONFIG, spec.cleanupPolicy().kafkaValue(),
        TopicConfig.RETENTION_MS_CONFIG, String.valueOf(spec.retentionMs())));
  }

  /**
   * Returns once every partition answers a ListOffsets on its leader. A new partition is in the
   * metadata before the broker leads it; the Admin client retries that quietly, where a producer
   * would log NOT_LEADER_OR_FOLLOWER warnings.
   */
  private static void awaitLeaders(Admin admin, Collection<TopicSpec> topics, Duration timeout)
      throws InterruptedException, ExecutionException, TimeoutException {
    Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
    for (TopicSpec spec : topics) {
      for (int partition = 0; partition < spec.partitions(); partition++) {
        partitions.put(new TopicPartition(spec.name(), partition), OffsetSpec.latest());
      }
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        admin.listOffsets(partitions).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return;
      } catch (ExecutionException e) {
        // the broker may not have applied the new topics yet: Admin gives up on an unknown topic at once
        if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(RETRY_BACKOFF_MS);
      }
    }
  }

  /** A persistent directory may hold topics from an older catalogue; say so rather than alter data. */
  private static void warnOnDifferentPartitions(Admin admin, Collection<TopicSpec> topics, Set<String> existing,
      Duration timeout) throws InterruptedException, ExecutionException, TimeoutException {
    List<String> kept = topics.stream().map(TopicSpec::name).filter(existing::contains).toList();
    if (kept.isEmpty()) {
      return;
    }
    Map<String, TopicDescription> descriptions =
        admin.describeTopics(kept).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    for (TopicSpec spec : topics) {
      TopicDescription description = descriptions.get(spec.name());
      if (description != null && description.partitions().size() != spec.partitions()) {
        LOG.warn("topic {} has {} partitions, the catalogue says {}: left unchanged", spec.name(),
            description.partitions().size(), spec.partitions());
      }
    }
  }
}
