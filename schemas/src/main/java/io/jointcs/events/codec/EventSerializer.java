package io.jointcs.events.codec;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serializer writing Avro single-object encoding. A null event is written as a null value
 * (a tombstone on compacted topics). Build it with the event class, or let Kafka instantiate it and
 * name the class in the {@value #EVENT_CLASS_CONFIG} property.
 */
public class EventSerializer<T extends SpecificRecord> implements Serializer<T> {
  public static final String EVENT_CLASS_CONFIG = EventClassConfig.KEY;

  private EventCodec<T> codec;

  /** For instantiation by Kafka; {@link #configure} then reads {@value #EVENT_CLASS_CONFIG}. */
  public EventSerializer() {}

  public EventSerializer(Class<T> type) {
    this.codec = EventCodec.of(type);
  }

  @Override
  @SuppressWarnings("unchecked")
  public void configure(Map<String, ?> configs, boolean isKey) {
    if (codec == null) {
      codec = (EventCodec<T>) EventCodec.of(EventClassConfig.resolve(configs));
    }
  }

  @Override
  public byte[] serialize(String topic, T event) {
    if (event == null) {
      return null;
    }
    try {
      return codec().encode(event);
    } catch (IllegalArgumentException e) {
      throw new SerializationException("topic " + topic + ": " + e.getMessage(), e);
    }
  }

  private EventCodec<T> codec() {
    if (codec == null) {
      throw new IllegalStateException("EventSerializer not configured: set " + EVENT_CLASS_CONFIG);
    }
    return codec;
  }
}
