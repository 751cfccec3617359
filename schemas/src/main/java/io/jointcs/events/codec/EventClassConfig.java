package io.jointcs.events.codec;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;

/** Reads the event class from Kafka client configuration, for serdes that Kafka instantiates by class name. */
final class EventClassConfig {
  private EventClassConfig() {}

  /** Config key naming the generated event class, e.g. {@code io.jointcs.events.DeploymentPlan}. */
  static final String KEY = "jointcs.event.class";

  static Class<? extends SpecificRecord> resolve(Map<String, ?> configs) {
    Object value = configs.get(KEY);
    if (value == null) {
      throw new ConfigException(KEY, null, "missing: name the event class, e.g. io.jointcs.events.DeploymentPlan");
    }
    Class<?> type;
    if (value instanceof Class<?> given) {
      type = given;
    } else {
      try {
        type = Class.forName(value.toString().trim(), true, classLoader());
      } catch (ClassNotFoundException e) {
        throw new ConfigException(KEY, value, "no such class");
      }
    }
    if (!SpecificRecord.class.isAssignableFrom(type)) {
      throw new ConfigException(KEY, value, "not a generated Avro record class");
    }
    return type.asSubclass(SpecificRecord.class);
  }

  private static ClassLoader classLoader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : EventClassConfig.class.getClassLoader();
  }
}
