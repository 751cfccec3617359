package io.jointcs.kafka.embedded;

import io.jointcs.topics.Topics;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * {@link TestKafka} in a Testcontainers {@code apache/kafka} container (single KRaft node), set up like the embedded
 * broker: no automatic topic creation, no initial rebalance delay, the catalogue topics created, a round trip done.
 * The only class that touches Testcontainers: it is loaded only when {@code -Djointcs.test.kafka=testcontainers}.
 */
final class ContainerTestKafka implements TestKafka {
  private static final Logger LOG = LoggerFactory.getLogger(ContainerTestKafka.class);
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

  private final KafkaContainer container;
  private final String image;

  private ContainerTestKafka(KafkaContainer container, String image) {
    this.container = container;
    this.image = image;
  }

  /** Empty when Testcontainers finds a Docker environment, else its reason. */
  static Optional<String> dockerProblem() {
    return withTestcontainersLoader(() -> {
      try {
        DockerClientFactory.instance().client();
        return Optional.empty();
      } catch (RuntimeException e) {
        return Optional.of(String.valueOf(e.getMessage()));
      }
    });
  }

  static ContainerTestKafka start(String image) {
    return withTestcontainersLoader(() -> startContainer(image));
  }

  /**
   * Testcontainers finds its Docker strategies with ServiceLoader on the context class loader; in a Quarkus test
   * that is not the loader of Testcontainers' own classes ("... not a subtype"): use that one while it runs.
   */
  private static <T> T withTestcontainersLoader(Supplier<T> action) {
    Thread thread = Thread.currentThread();
    ClassLoader before = thread.getContextClassLoader();
    thread.setContextClassLoader(DockerClientFactory.class.getClassLoader());
    try {
      return action.get();
    } finally {
      thread.setContextClassLoader(before);
    }
  }

  private static ContainerTestKafka startContainer(String image) {
    long begin = System.nanoTime();
    KafkaContainer container = new KafkaContainer(
        DockerImageName.parse(image).asCompatibleSubstituteFor("apache/kafka"))
        .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
        .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
        .withEnv("KAFKA_NUM_PARTITIONS", "1");
    try {
      container.start();
      Readiness.topicsAndRoundTrip(container.getBootstrapServers(), Topics.all(), READY_TIMEOUT);
    } catch (Exception e) {
      container.stop();
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("Kafka container " + image + " did not become ready: " + e, e);
    }
    ContainerTestKafka kafka = new ContainerTestKafka(container, image);
    LOG.info("{} ready in {} ms", kafka.describe(), (System.nanoTime() - begin) / 1_000_000);
    return kafka;
  }

  @Override
  public String bootstrapServers() {
    return container.getBootstrapServers();
  }

  @Override
  public TestKafkaSelection.Kind kind() {
    return TestKafkaSelection.Kind.TESTCONTAINERS;
  }

  @Override
  public String describe() {
    return "Kafka container " + image + " on " + container.getBootstrapServers();
  }

  @Override
  public void close() {
    container.stop();
  }
}
