package io.jointcs.agent;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The agent's Kafka clients, configured once. Values are bytes: the agent encodes events with EventCodec. */
final class KafkaClients {
  private KafkaClients() {}

  /**
   * TLS and SASL settings, from the same environment variables the services read (credentials come from a Secret,
   * never from options that show up in process listings): KAFKA_SECURITY_PROTOCOL becomes security.protocol, etc.
   */
  static final List<String> SECURITY_VARIABLES = List.of("KAFKA_SECURITY_PROTOCOL",
      "KAFKA_SASL_MECHANISM", "KAFKA_SASL_JAAS_CONFIG", "KAFKA_SSL_TRUSTSTORE_LOCATION",
      "KAFKA_SSL_TRUSTSTORE_PASSWORD", "KAFKA_SSL_TRUSTSTORE_TYPE");

  static Properties securitySettings(Map<String, String> environment) {
    Properties p = new Properties();
    for (String variable : SECURITY_VARIABLES) {
      String value = environment.get(variable);
      if (value != null && !value.isBlank()) {
        p.put(variable.substring("KAFKA_".length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
      }
    }
    return p;
  }

  private static Properties base(String bootstrapServers) {
    Properties p = securitySettings(System.getenv());
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return p;
  }

  /** acks=all and idempotence: a registration or sample is neither lost on a leader change nor duplicated. */
  static KafkaProducer<String, byte[]> producer(String bootstrapServers, String deviceId) {
    Properties p = base(bootstrapServers);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "jointcs-device-agent-" + deviceId);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 20); // profiling emits bursts: batch them
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    // a broker that is away must not freeze the agent: send() gives up on metadata after 10 s
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return new KafkaProducer<>(p);
  }

  /**
   * A group-less consumer: the agent assigns itself every partition of the compacted plans topic and reads from
   * the beginning, so no offsets are committed and no group coordinator is involved.
   */
  static KafkaConsumer<String, byte[]> planConsumer(String bootstrapServers, String deviceId) {
    Properties p = base(bootstrapServers);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "jointcs-device-agent-plans-" + deviceId);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return new KafkaConsumer<>(p);
  }
}
