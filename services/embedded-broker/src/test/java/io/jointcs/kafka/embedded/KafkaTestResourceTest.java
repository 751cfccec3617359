package io.jointcs.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointcs.topics.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Drives the Quarkus lifecycle by hand, in the order Quarkus calls it, on the broker -Djointcs.test.kafka selects
 * (skipped when that is a container and there is no Docker).
 */
class KafkaTestResourceTest {
  static final class QuarkusTestLike {
    TestKafka kafka;
  }

  @Test
  void givesQuarkusTheBootstrapServersOfTheSelectedBrokerAndStopsIt() throws Exception {
    TestKafkaSelection selection = TestKafkaSelection.current();
    selection.assumeRunnable();
    KafkaTestResource resource = new KafkaTestResource();
    resource.init(Map.of());
    QuarkusTestLike test = new QuarkusTestLike();
    try {
      Map<String, String> config = resource.start();
      resource.inject(new FieldInjector(test));

      TestKafka kafka = resource.kafka();
      assertThat(kafka.kind()).as("the broker the property selects, never another").isEqualTo(selection.kind());
      assertThat(config)
          .containsEntry("kafka.bootstrap.servers", kafka.bootstrapServers())
          .containsEntry("quarkus.kafka-streams.bootstrap-servers", kafka.bootstrapServers())
          .containsEntry("quarkus.kafka.devservices.enabled", "false");
      assertThat(test.kafka).isSameAs(kafka);
      KafkaTestClients.produce(kafka.bootstrapServers(), Topics.PLANS.name(), Map.of("pi-1", "plan 1"));
      List<ConsumerRecord<String, String>> read = KafkaTestClients.consume(kafka.bootstrapServers(),
          Topics.PLANS.name(), 1, Duration.ofSeconds(30));
      assertThat(read).extracting(ConsumerRecord::value).containsExactly("plan 1");
    } finally {
      resource.stop();
    }
    assertThat(resource.kafka()).isNull();
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
