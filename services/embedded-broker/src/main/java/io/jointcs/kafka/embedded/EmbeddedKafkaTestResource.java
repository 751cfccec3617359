package io.jointcs.kafka.embedded;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Path;
import java.util.Map;

/**
 * Quarkus test resource: starts an {@link EmbeddedKafkaBroker} with the catalogue topics before the
 * application and points the Kafka connector and Kafka Streams at it, so tests need no Docker.
 *
 * <pre>{@code
 * @QuarkusTest
 * @QuarkusTestResource(EmbeddedKafkaTestResource.class)
 * class MyServiceTest {
 *   EmbeddedKafkaBroker kafka;   // optional: every field of this type is injected
 * }
 * }</pre>
 *
 * <p>Init arguments ({@code initArgs} of {@code @QuarkusTestResource}): {@code port} (default 0, a
 * free port) and {@code data-dir} (default: a temporary directory). Also keep {@code
 * %test.quarkus.kafka.devservices.enabled=false} in the application's configuration, so that no test
 * path without this resource reaches for Docker.
 */
public final class EmbeddedKafkaTestResource implements QuarkusTestResourceLifecycleManager {
  private EmbeddedKafkaBroker.Builder builder = EmbeddedKafkaBroker.builder();
  private EmbeddedKafkaBroker broker;

  @Override
  public void init(Map<String, String> initArgs) {
    builder = EmbeddedKafkaBroker.builder();
    String port = initArgs.get("port");
    if (port != null) {
      builder.port(Integer.parseInt(port.trim()));
    }
    String dataDir = initArgs.get("data-dir");
    if (dataDir != null) {
      builder.dataDir(Path.of(dataDir));
    }
  }

  @Override
  public Map<String, String> start() {
    broker = builder.start();
    String bootstrap = broker.bootstrapServers();
    return Map.of(
        "kafka.bootstrap.servers", bootstrap,
        "quarkus.kafka-streams.bootstrap-servers", bootstrap,
        "quarkus.kafka.devservices.enabled", "false");
  }

  @Override
  public void inject(TestInjector testInjector) {
    testInjector.injectIntoFields(broker, new TestInjector.MatchesType(EmbeddedKafkaBroker.class));
  }

  @Override
  public void stop() {
    if (broker != null) {
      broker.close();
      broker = null;
    }
  }

  /** The running broker, for code that holds this resource (null when stopped). */
  EmbeddedKafkaBroker broker() {
    return broker;
  }
}
