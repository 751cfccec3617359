package io.jointcs.events.codec;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Serde for Kafka Streams: {@link EventSerializer} with the throwing {@link EventDeserializer}. */
public class EventSerde<T extends SpecificRecord> implements Serde<T> {
  public static final String EVENT_CLASS_CONFIG = EventClassConfig.KEY;

  private final EventSerializer<T> serializer;
  private final EventDeserializer<T> deserializer;

  /** For instantiation by Kafka Streams; {@link #configure} then reads {@value #EVENT_CLASS_CONFIG}. */
  public EventSerde() {
    this.serializer = new EventSerializer<>();
    this.deserializer = new EventDeserializer<>();
  }

  public EventSerde(Class<T> type) {
    this.serializer = new EventSerializer<>(type);
    this.deserializer = new EventDeserializer<>(type);
  }

  public static <T extends SpecificRecord> EventSerde<T> of(Class<T> type) {
    return new EventSerde<>(type);
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    serializer.configure(configs, isKey);
    deserializer.configure(configs, isKey);
  }

  @Override
  public Serializer<T> serializer() {
    return serializer;
  }

  @Override
  public Deserializer<T> deserializer() {
    return deserializer;
  }
}
