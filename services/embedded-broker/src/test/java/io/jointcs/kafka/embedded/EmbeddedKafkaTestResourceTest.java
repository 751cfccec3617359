package io.jointcs.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Drives the Quarkus lifecycle by hand, in the order Quarkus calls it. */
class EmbeddedKafkaTestResourceTest {
  static final class QuarkusTestLike {
    EmbeddedKafkaBroker kafka;
  }

  @Test
  void givesQuarkusTheBootstrapServersAndStopsTheBroker() {
    EmbeddedKafkaTestResource resource = new EmbeddedKafkaTestResource();
    resource.init(Map.of());
    QuarkusTestLike test = new QuarkusTestLike();
    try {
      Map<String, String> config = resource.start();
      resource.inject(new FieldInjector(test));

      EmbeddedKafkaBroker broker = resource.broker();
      assertThat(config)
          .containsEntry("kafka.bootstrap.servers", broker.bootstrapServers())
          .containsEntry("quarkus.kafka-streams.bootstrap-servers", broker.bootstrapServers())
          .containsEntry("quarkus.kafka.devservices.enabled", "false");
      assertThat(test.kafka).isSameAs(broker);
    } finally {
      resource.stop();
    }
    assertThat(test.kafka.isRunning()).isFalse();
    assertThat(test.kafka.dataDir()).doesNotExist();
  }

  /** What Quarkus' own injector does: set every field the predicate accepts. */
  private record FieldInjector(Object target)
      implements io.quarkus.test.common.QuarkusTestResourceLifecycleManager.TestInjector {
    @Override
    public void injectIntoFields(Object value, java.util.function.Predicate<java.lang.reflect.Field> predicate) {
      for (var field : target.getClass().getDeclaredFields()) {
        if (predicate.test(field)) {
          try {
            field.setAccessible(true);
            field.set(target, value);
          } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
          }
        }
      }
    }
  }
}
