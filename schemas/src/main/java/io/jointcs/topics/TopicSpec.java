package io.jointcs.topics;

import java.time.Duration;
import java.util.Objects;

/**
 * One Kafka topic of the platform: its name, what its key is, the Avro record its values carry,
 * and how it is kept. The catalogue of all of them is {@link Topics}.
 *
 * @param name topic name
 * @param keyDescription what the record key is (always a UTF-8 string), e.g. "device id"
 * @param valueSchema full name of the Avro record carried as value
 * @param partitions partition count on creation
 * @param cleanupPolicy delete (time-bounded history) or compact (latest value per key)
 * @param retention how long records are kept; {@code null} keeps them forever
 * @param purpose one line saying why the topic exists
 */
public record TopicSpec(
    String name,
    String keyDescription,
    String valueSchema,
    int partitions,
    CleanupPolicy cleanupPolicy,
    Duration retention,
    String purpose) {

  public enum CleanupPolicy {
    DELETE("delete"),
    COMPACT("compact");

    private final String kafkaValue;

    CleanupPolicy(String kafkaValue) {
      this.kafkaValue = kafkaValue;
    }

    /** The value of Kafka's {@code cleanup.policy} topic config. */
    public String kafkaValue() {
      return kafkaValue;
    }
  }

  public TopicSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(keyDescription, "keyDescription");
    Objects.requireNonNull(valueSchema, "valueSchema");
    Objects.requireNonNull(cleanupPolicy, "cleanupPolicy");
    if (partitions < 1) {
      throw new IllegalArgumentException("topic " + name + ": partitions must be >= 1, got " + partitions);
    }
  }

  /** Kafka's {@code retention.ms}: -1 when records are kept forever. */
  public long retentionMs() {
    return retention == null ? -1L : retention.toMillis();
  }
}
