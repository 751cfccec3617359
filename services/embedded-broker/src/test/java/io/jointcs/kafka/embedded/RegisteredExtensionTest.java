package io.jointcs.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The extension as a configured field, shared with nested classes. */
class RegisteredExtensionTest {
  @RegisterExtension
  static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension(builder -> builder.topics(List.of()));

  @Test
  void theFieldGivesTheConfiguredBroker() {
    assertThat(KAFKA.broker().isRunning()).isTrue();
    assertThat(KAFKA.broker().topics()).isEmpty();
    assertThat(KAFKA.bootstrapServers()).isEqualTo(KAFKA.broker().bootstrapServers());
  }

  @Nested
  class NestedClasses {
    @Test
    void shareTheEnclosingClassBroker(EmbeddedKafkaBroker kafka) {
      assertThat(kafka).isSameAs(KAFKA.broker());
      assertThat(kafka.isRunning()).isTrue();
    }
  }
}
