package io.jointcs.events.codec;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka deserializer for untrusted input (device telemetry): never throws on bad bytes, returns a
 * {@link Decoded.Failed} with the reason and the original bytes instead, so the consumer can publish a
 * rejection and move on. A null value (tombstone) reads as null.
 */
public class DecodedDeserializer<T extends SpecificRecord> implements Deserializer<Decoded<T>> {
  public static final String EVENT_CLASS_CONFIG = EventClassConfig.KEY;

  private EventCodec<T> codec;

  /** For instantiation by Kafka; {@link #configure} then reads {@value #EVENT_CLASS_CONFIG}. */
  public DecodedDeserializer() {}

  public DecodedDeserializer(Class<T> type) {
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
  public Decoded<T> deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    if (codec == null) {
      throw new IllegalStateException("DecodedDeserializer not configured: set " + EVENT_CLASS_CONFIG);
    }
    return codec.tryDecode(data);
  }
}
