package io.jointcs.testsupport;

import io.jointcs.events.codec.EventCodec;
import io.jointcs.topics.TopicSpec;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Platform events onto their topics from a test: Avro-encoded with the event codec, each send acknowledged. */
public final class EventPublisher {
  private EventPublisher() {}

  /** An idempotent producer, {@code acks=all}, of String keys and encoded events. */
  public static KafkaProducer<String, byte[]> producer(String bootstrapServers) {
    return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
        new StringSerializer(), new ByteArraySerializer());
  }

  /** Publishes {@code event} under {@code key} and waits for the broker's acknowledgement. */
  @SuppressWarnings("unchecked")
  public static <T extends SpecificRecord> void send(KafkaProducer<String, byte[]> producer, TopicSpec topic,
      String key, T event) {
    try {
      producer.send(new ProducerRecord<>(topic.name(), key, EventCodec.of((Class<T>) event.getClass()).encode(event)))
          .get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted publishing to " + topic.name(), e);
    } catch (Exception e) {
      throw new IllegalStateException("publishing to " + topic.name() + " failed", e);
    }
  }
}
