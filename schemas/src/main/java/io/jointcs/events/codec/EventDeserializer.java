package io.jointcs.events.codec;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka deserializer for trusted topics (written only by the platform's own serializers). Bad bytes
 * raise Kafka's {@link SerializationException} with the {@link EventDecodingException} as cause, which
 * the consumer surfaces as a {@code RecordDeserializationException} carrying partition and offset, so
 * the record can be skipped. For untrusted input use {@link DecodedDeserializer}. A null value (tombstone)
 * reads as null.
 */
public class EventDeserializer<T extends SpecificRecord> implements Deserializer<T> {
  public static final String EVENT_CLASS_CONFIG = EventClassConfig.KEY;

  private EventCodec<T> codec;

  /** For instantiation by Kafka; {@link #configure} then reads {@value #EVENT_CLASS_CONFIG}. */
  public EventDeserializer() {}

  public EventDeserializer(Class<T> type) {
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
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    try {
      return codec().decode(data);
    } catch (EventDecodingException e) {
      throw new SerializationException("topic " + topic + ": " + e.reason() + ": " + e.getMessage(), e);
    }
  }

  private EventCodec<T> codec() {
    if (codec == null) {
      throw new IllegalStateException("EventDeserializer not configured: set " + EVENT_CLASS_CONFIG);
    }
    return codec;
  }
}
