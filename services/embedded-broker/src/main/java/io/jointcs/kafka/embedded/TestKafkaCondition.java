package io.jointcs.kafka.embedded;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips a test class before anything starts when the selected {@link TestKafka} cannot run here (a container asked
 * for, no Docker), with the reason. Put it on every {@code @QuarkusTest} that uses {@link KafkaTestResource}: the
 * condition is evaluated before Quarkus boots the application and starts the resource.
 *
 * <pre>{@code
 * @QuarkusTest
 * @QuarkusTestResource(KafkaTestResource.class)
 * @ExtendWith(TestKafkaCondition.class)
 * class MyServiceTest { TestKafka kafka; }
 * }</pre>
 */
public final class TestKafkaCondition implements ExecutionCondition {
  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    return evaluate(TestKafkaSelection.current());
  }

  /** Enabled when the selection can run here, disabled with its skip reason otherwise. */
  static ConditionEvaluationResult evaluate(TestKafkaSelection selection) {
    return selection.skipReason().map(ConditionEvaluationResult::disabled)
        .orElseGet(() -> ConditionEvaluationResult.enabled("Kafka for tests: " + selection.describe()));
  }
}
