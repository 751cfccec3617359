package io.jointcs.kafka.embedded;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Quarkus test resource on the {@link TestKafka} that {@code -Djointcs.test.kafka} selects (the embedded broker by
 * default, a Kafka container with {@code testcontainers}): starts it before the application and points the Kafka
 * connector and Kafka Streams at it. Every test field of type {@link TestKafka} is injected.
 *
 * <p>Pair it with {@link TestKafkaCondition}, which skips the class before Quarkus boots when the selected broker
 * cannot run here. Should this resource be started anyway in that case, it throws the same skip
 * ({@code TestAbortedException}); it never starts another broker than the one selected. Keep
 * {@code %test.quarkus.kafka.devservices.enabled=false} in the application's configuration.
 */
public final class KafkaTestResource implements QuarkusTestResourceLifecycleManager {
  private TestKafka kafka;

  @Override
  public Map<String, String> start() {
    kafka = TestKafka.start();
    String bootstrap = kafka.bootstrapServers();
    return Map.of(
        "kafka.bootstrap.servers", bootstrap,
        "quarkus.kafka-streams.bootstrap-servers", bootstrap,
        "quarkus.kafka.devservices.enabled", "false");
  }

  @Override
  public void inject(TestInjector testInjector) {
    testInjector.injectIntoFields(kafka, new TestInjector.MatchesType(TestKafka.class));
  }

  @Override
  public void stop() {
    if (kafka != null) {
      kafka.close();
      kafka = null;
    }
  }

  /** The running broker, for code that holds this resource (null when stopped). */
  TestKafka kafka() {
    return kafka;
  }
}
