package io.jointcs.kafka.embedded;

/**
 * The Kafka broker a test runs against, chosen by the system property {@value #PROPERTY}:
 *
 * <ul>
 *   <li>unset or {@code embedded} (the default, and what CI runs): an {@link EmbeddedKafkaBroker} in this JVM;
 *       Docker is never looked for;
 *   <li>{@code testcontainers}: a Kafka container from the {@code apache/kafka} image at the version of the Kafka
 *       jars on the class path ({@value #IMAGE_PROPERTY} overrides the image), through Testcontainers. Without a
 *       Docker environment the test is SKIPPED, with the reason; it never falls back to the embedded broker.
 * </ul>
 *
 * <p>Either way the catalogue topics exist and a produce + consume round trip has succeeded before {@link #start()}
 * returns. Tests get it through {@link KafkaTestResource} (Quarkus, with {@link TestKafkaCondition}),
 * {@link TestKafkaExtension} (JUnit 5) or {@link #start()} (a test that manages the broker itself).
 */
public interface TestKafka extends AutoCloseable {
  /** System property selecting the broker: {@code embedded} (default) or {@code testcontainers}. */
  String PROPERTY = "jointcs.test.kafka";
  /** System property overriding the container image (default {@code apache/kafka:<kafka-clients version>}). */
  String IMAGE_PROPERTY = "jointcs.test.kafka.image";

  /** {@code host:port} to give clients. */
  String bootstrapServers();

  /** Which broker this is. */
  TestKafkaSelection.Kind kind();

  /** For logs: what runs where. */
  String describe();

  @Override
  void close();

  /**
   * Starts the broker the system properties select. When they ask for a container and there is no Docker, this
   * throws {@link org.opentest4j.TestAbortedException}: JUnit reports the calling test as skipped, with the reason.
   */
  static TestKafka start() {
    return TestKafkaSelection.current().start();
  }
}
