package io.jointcs.kafka.embedded;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: one {@link TestKafka} per test class (shared with its {@code @Nested} classes), the one that
 * {@code -Djointcs.test.kafka} selects: the embedded broker by default, a Kafka container with {@code testcontainers}.
 * A class whose broker cannot run here (a container asked for, no Docker) is skipped with the reason.
 *
 * <pre>{@code
 * @ExtendWith(TestKafkaExtension.class)
 * class MyTest { @Test void works(TestKafka kafka) { ... kafka.bootstrapServers() ... } }
 *
 * class MyOtherTest {
 *   @RegisterExtension static final TestKafkaExtension KAFKA = new TestKafkaExtension();
 *   @Test void works() { ... KAFKA.bootstrapServers() ... }
 * }
 * }</pre>
 */
public final class TestKafkaExtension implements ExecutionCondition, BeforeAllCallback, AfterAllCallback,
    ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
      TestKafkaExtension.class);
  private static final String KAFKA = "kafka";

  private volatile TestKafka kafka;

  /** The running broker; only between the class's {@code beforeAll} and {@code afterAll}. */
  public TestKafka kafka() {
    TestKafka current = kafka;
    if (current == null) {
      throw new IllegalStateException("the test Kafka broker runs only while the test class runs");
    }
    return current;
  }

  /** Shortcut for {@code kafka().bootstrapServers()}. */
  public String bootstrapServers() {
    return kafka().bootstrapServers();
  }

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    return TestKafkaCondition.evaluate(TestKafkaSelection.current());
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    TestKafka existing = context.getStore(NAMESPACE).get(KAFKA, TestKafka.class);
    if (existing != null) {
      kafka = existing;
      return;
    }
    kafka = TestKafka.start();
    context.getStore(NAMESPACE).put(KAFKA, kafka);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    TestKafka owned = context.getStore(NAMESPACE).remove(KAFKA, TestKafka.class);
    if (owned != null) {
      owned.close();
      kafka = null;
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return parameterContext.getParameter().getType() == TestKafka.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    TestKafka found = extensionContext.getStore(NAMESPACE).get(KAFKA, TestKafka.class);
    return found != null ? found : kafka();
  }
}
