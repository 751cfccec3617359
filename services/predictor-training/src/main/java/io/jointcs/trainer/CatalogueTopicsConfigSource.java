package io.jointcs.trainer;

import io.jointcs.topics.Topics;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Gives the messaging channels their topics from the topic catalogue, so no topic name is written in
 * configuration. Its ordinal is below application.properties (250): a deployment can still override it.
 */
public final class CatalogueTopicsConfigSource implements ConfigSource {
  private static final Map<String, String> PROPERTIES = Map.of(
      "mp.messaging.incoming." + Channels.SAMPLES + ".topic", Topics.PROFILING_SAMPLES.name(),
      "mp.messaging.incoming." + Channels.MODEL_SAMPLES + ".topic", Topics.PROFILING_MODEL_SAMPLES.name(),
      "mp.messaging.outgoing." + Channels.PREDICTORS + ".topic", Topics.PREDICTORS.name());

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
