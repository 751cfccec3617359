package io.jointcs.kafka.embedded;

import java.util.Objects;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: one {@link EmbeddedKafkaBroker} per test class (shared with its {@code @Nested}
 * classes), started before all tests and closed after them. Test constructors, lifecycle methods and
 * test methods may declare an {@link EmbeddedKafkaBroker} parameter.
 *
 * <pre>{@code
 * @ExtendWith(EmbeddedKafkaExtension.class)            // catalogue topics, free port, temp dir
 * class MyTest {
 *   @Test void works(EmbeddedKafkaBroker kafka) { ... kafka.bootstrapServers() ... }
 * }
 *
 * class MyOtherTest {
 *   @RegisterExtension
 *   static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension(b -> b.topics(List.of(...)));
 *   @Test void works() { ... KAFKA.broker().bootstrapServers() ... }
 * }
 * }</pre>
 */
public final class EmbeddedKafkaExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
      EmbeddedKafkaExtension.class);
  private static final String BROKER = "broker";

  private final UnaryOperator<EmbeddedKafkaBroker.Builder> configuration;
  private volatile EmbeddedKafkaBroker broker;

  /** Default broker: catalogue topics, free port, temporary data directory. */
  public EmbeddedKafkaExtension() {
    this(UnaryOperator.identity());
  }

  /** A broker configured by {@code configuration} (the builder's {@code start} is called for you). */
  public EmbeddedKafkaExtension(UnaryOperator<EmbeddedKafkaBroker.Builder> configuration) {
    this.configuration = Objects.requireNonNull(configuration, "configuration");
  }

  /** The running broker; only between the class's {@code beforeAll} and {@code afterAll}. */
  public EmbeddedKafkaBroker broker() {
    EmbeddedKafkaBroker current = broker;
    if (current == null) {
      throw new IllegalStateException("the embedded Kafka broker runs only while the test class runs");
    }
    return current;
  }

  /** Shortcut for {@code broker().bootstrapServers()}. */
  public String bootstrapServers() {
    return broker().bootstrapServers();
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    // an enclosing class (for @Nested) may already run one: reuse it
    EmbeddedKafkaBroker existing = context.getStore(NAMESPACE).get(BROKER, EmbeddedKafkaBroker.class);
    if (existing != null) {
      broker = existing;
      return;
    }
    broker = configuration.apply(EmbeddedKafkaBroker.builder()).start();
    context.getStore(NAMESPACE).put(BROKER, broker);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    // remove() sees only this class's own store: nested classes leave their parent's broker running
    EmbeddedKafkaBroker owned = context.getStore(NAMESPACE).remove(BROKER, EmbeddedKafkaBroker.class);
    if (owned != null) {
      owned.close();
      broker = null;
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return parameterContext.getParameter().getType() == EmbeddedKafkaBroker.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    EmbeddedKafkaBroker found = extensionContext.getStore(NAMESPACE).get(BROKER, EmbeddedKafkaBroker.class);
    return found != null ? found : broker();
  }
}
