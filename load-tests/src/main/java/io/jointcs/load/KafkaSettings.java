package io.jointcs.load;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * How the load generator reaches Kafka: the bootstrap servers plus an optional client properties file (TLS,
 * SASL/SCRAM: {@code security.protocol}, {@code sasl.mechanism}, {@code sasl.jaas.config},
 * {@code ssl.truststore.location}, ...), the same file Kafka's own tools take as {@code --command-config} /
 * {@code --producer.config}. Every producer, consumer and admin client of a run gets these properties.
 */
public record KafkaSettings(String bootstrapServers, Map<String, Object> clientProperties, Path propertiesFile) {
  public KafkaSettings {
    clientProperties = Map.copyOf(clientProperties);
  }

  public static KafkaSettings of(String bootstrapServers, Path propertiesFile) {
    Map<String, Object> props = new HashMap<>();
    if (propertiesFile != null) {
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(propertiesFile, StandardCharsets.UTF_8)) {
        p.load(r);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the Kafka client properties " + propertiesFile, e);
      }
      p.stringPropertyNames().forEach(k -> props.put(k, p.getProperty(k)));
    }
    props.put("bootstrap.servers", bootstrapServers);
    return new KafkaSettings(bootstrapServers, props, propertiesFile);
  }

  /** The client properties plus {@code extra} (extra wins). */
  public Map<String, Object> with(Map<String, Object> extra) {
    Map<String, Object> all = new HashMap<>(clientProperties);
    all.putAll(extra);
    return all;
  }
}
