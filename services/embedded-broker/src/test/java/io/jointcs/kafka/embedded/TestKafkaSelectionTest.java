package io.jointcs.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jointcs.kafka.embedded.TestKafkaSelection.DockerCheck;
import io.jointcs.kafka.embedded.TestKafkaSelection.Kind;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.opentest4j.TestAbortedException;

/** How -Djointcs.test.kafka picks the tests' broker, with Docker present or absent (no broker is started here). */
class TestKafkaSelectionTest {
  private static final DockerCheck NO_DOCKER = () -> Optional.of("no docker socket");
  private static final DockerCheck DOCKER = Optional::empty;
  /** The default run must never look for Docker. */
  private static final DockerCheck MUST_NOT_BE_ASKED = () -> {
    throw new AssertionError("Docker was looked for although no container was asked for");
  };

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "  ", "embedded", " Embedded "})
  void withoutThePropertyTheEmbeddedBrokerRunsAndDockerIsNotLookedFor(String value) {
    TestKafkaSelection selection = TestKafkaSelection.of(value, null, MUST_NOT_BE_ASKED);

    assertThat(selection.kind()).isEqualTo(Kind.EMBEDDED);
    assertThat(selection.runnable()).isTrue();
    assertThat(selection.skipReason()).isEmpty();
    selection.assumeRunnable();
    assertThat(TestKafkaCondition.evaluate(selection).isDisabled()).isFalse();
  }

  @Test
  void aContainerAskedForWithoutDockerIsASkipWithTheReasonNotAFailureNorTheEmbeddedBroker() {
    TestKafkaSelection selection = TestKafkaSelection.of("testcontainers", null, NO_DOCKER);

    assertThat(selection.kind()).isEqualTo(Kind.TESTCONTAINERS);
    assertThat(selection.runnable()).isFalse();
    assertThat(selection.skipReason()).hasValueSatisfying(reason -> assertThat(reason)
        .contains("-Djointcs.test.kafka=testcontainers", TestKafkaSelection.DEFAULT_IMAGE, "no docker socket",
            "skipped", "not run against the embedded broker"));
    // an assumption (reported as skipped), not an assertion (reported as failed)
    assertThatThrownBy(selection::assumeRunnable).isExactlyInstanceOf(TestAbortedException.class)
        .hasMessageContaining("no docker socket");
    // start() skips the same way before anything is started
    assertThatThrownBy(selection::start).isExactlyInstanceOf(TestAbortedException.class);
    ConditionEvaluationResult condition = TestKafkaCondition.evaluate(selection);
    assertThat(condition.isDisabled()).isTrue();
    assertThat(condition.getReason()).isEqualTo(selection.skipReason());
  }

  @Test
  void aContainerAskedForWithDockerRunsTheKafkaImageOfOurKafkaVersion() {
    AtomicInteger asked = new AtomicInteger();
    TestKafkaSelection selection = TestKafkaSelection.of("testcontainers", null, () -> {
      asked.incrementAndGet();
      return Optional.empty();
    });

    assertThat(asked).hasValue(1);
    assertThat(selection.kind()).isEqualTo(Kind.TESTCONTAINERS);
    assertThat(selection.runnable()).isTrue();
    assertThat(selection.image()).isEqualTo(TestKafkaSelection.DEFAULT_IMAGE)
        .isEqualTo("apache/kafka:" + AppInfoParser.getVersion()).matches("apache/kafka:\\d+\\.\\d+\\.\\d+");
    assertThat(TestKafkaCondition.evaluate(selection).isDisabled()).isFalse();
    assertThat(TestKafkaCondition.evaluate(selection).getReason()).hasValueSatisfying(r -> assertThat(r)
        .contains("Kafka container", TestKafkaSelection.DEFAULT_IMAGE));
  }

  @Test
  void theImageCanBeOverridden() {
    assertThat(TestKafkaSelection.of(" TestContainers ", "apache/kafka-native:4.1.2", DOCKER).image())
        .isEqualTo("apache/kafka-native:4.1.2");
  }

  @Test
  void anUnknownValueIsAMistakeNotASilentDefault() {
    assertThatThrownBy(() -> TestKafkaSelection.of("docker", null, MUST_NOT_BE_ASKED))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-Djointcs.test.kafka=docker").hasMessageContaining("embedded, testcontainers");
  }

  /** What this JVM was started with: the default run (CI) selects the embedded broker. */
  @Test
  void thisJvmSelectsWhatItsSystemPropertySays() {
    String value = System.getProperty(TestKafka.PROPERTY);
    TestKafkaSelection current = TestKafkaSelection.current();

    assertThat(current.kind()).isEqualTo(TestKafkaSelection.parse(value));
    assertThat(TestKafkaSelection.current()).isSameAs(current);
    if (value == null) {
      assertThat(current.kind()).isEqualTo(Kind.EMBEDDED);
      assertThat(current.runnable()).isTrue();
    }
  }
}
