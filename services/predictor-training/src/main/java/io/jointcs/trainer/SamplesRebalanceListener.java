package io.jointcs.trainer;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Rebalance listener of the samples channel: an assigned partition is read from its beginning (the topic is the
 * training set; nothing is committed), a revoked or lost one is forgotten.
 */
@ApplicationScoped
@Identifier(Channels.SAMPLES_REBALANCE)
public class SamplesRebalanceListener implements KafkaConsumerRebalanceListener {
  private static final Logger LOG = Logger.getLogger(SamplesRebalanceListener.class);

  @Inject
  TrainingSets sets;

  @Override
  public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
    consumer.seekToBeginning(partitions);
    LOG.infof("replaying training data of partitions %s from the beginning", partitions);
  }

  @Override
  public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
    sets.dropPartitions(partitions.stream().map(TopicPartition::partition).toList());
  }

  @Override
  public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
    onPartitionsRevoked(consumer, partitions);
  }
}
