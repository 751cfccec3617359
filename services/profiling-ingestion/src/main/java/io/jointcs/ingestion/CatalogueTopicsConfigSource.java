package io.jointcs.ingestion;

import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Gives Quarkus the topics Kafka Streams waits for ({@code quarkus.kafka-streams.topics}) from the topic
 * catalogue, so no topic name is written in configuration. Its ordinal is below application.properties (250):
 * a deployment can still override it.
 */
public final class CatalogueTopicsConfigSource implements ConfigSource {
  private static final Map<String, String> PROPERTIES = Map.of(
      "quarkus.kafka-streams.topics", String.join(",", IngestionTopology.inputTopics()));

  @Override
  public Set<String> getPropertyNames() {
    return PROPERTIES.keySet();
  }

  @Override
  public String getValue(String propertyName) {
    return PROPERTIES.get(propertyName);
  }

  @Override
  public String getName() {
    return "jointcs-topic-catalogue";
  }

  @Override
  public int getOrdinal() {
    return 200;
  }
}
