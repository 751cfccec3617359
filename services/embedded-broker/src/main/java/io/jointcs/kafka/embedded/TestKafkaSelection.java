package io.jointcs.kafka.embedded;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.Assumptions;

/**
 * Which Kafka broker the tests of this JVM run against ({@link TestKafka#PROPERTY}), and whether it can run here.
 * Only a selection of {@link Kind#TESTCONTAINERS} asks for Docker; the default never does.
 *
 * @param kind the broker
 * @param image the container image (for {@link Kind#TESTCONTAINERS}; null for the embedded broker)
 * @param skipReason why the tests that need this broker must be skipped here (empty: they can run)
 */
public record TestKafkaSelection(Kind kind, String image, Optional<String> skipReason) {
  /** The image of the Kafka version on the class path: the container runs the same Kafka as the embedded broker. */
  public static final String DEFAULT_IMAGE = "apache/kafka:" + AppInfoParser.getVersion();

  /** The brokers to choose from, by their property value. */
  public enum Kind {
    EMBEDDED("embedded"),
    TESTCONTAINERS("testcontainers");

    private final String value;

    Kind(String value) {
      this.value = value;
    }

    /** The value of {@link TestKafka#PROPERTY} that selects it. */
    public String value() {
      return value;
    }
  }

  /** Says whether Docker can run containers here: empty if it can, else why not. */
  @FunctionalInterface
  public interface DockerCheck {
    Optional<String> problem();
  }

  private static volatile TestKafkaSelection current;

  public TestKafkaSelection {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(skipReason, "skipReason");
  }

  /** The selection of this JVM's system properties; Docker is checked (once) only if they ask for a container. */
  public static TestKafkaSelection current() {
    TestKafkaSelection found = current;
    String value = System.getProperty(TestKafka.PROPERTY);
    String image = System.getProperty(TestKafka.IMAGE_PROPERTY);
    if (found == null || !found.matches(value, image)) {
      found = of(value, image, TestKafkaSelection::realDockerCheck);
      current = found;
    }
    return found;
  }

  /**
   * The selection for a property value (null or blank: the default). An unknown value is a mistake in the command
   * line and throws, rather than quietly running something else.
   */
  public static TestKafkaSelection of(String value, String image, DockerCheck docker) {
    Kind kind = parse(value);
    if (kind == Kind.EMBEDDED) {
      return new TestKafkaSelection(kind, null, Optional.empty());
    }
    String chosenImage = image == null || image.isBlank() ? DEFAULT_IMAGE : image.trim();
    Optional<String> problem = docker.problem();
    return new TestKafkaSelection(kind, chosenImage, problem.map(p -> "-D" + TestKafka.PROPERTY + "="
        + kind.value() + " asks for a Kafka container (" + chosenImage + ") but Docker is not available here ("
        + p + "): skipped, not run against the embedded broker instead"));
  }

  static Kind parse(String value) {
    if (value == null || value.isBlank()) {
      return Kind.EMBEDDED;
    }
    String wanted = value.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(Kind.values()).filter(k -> k.value().equals(wanted)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("-D" + TestKafka.PROPERTY + "=" + value + " is not one of "
            + Arrays.stream(Kind.values()).map(Kind::value).collect(Collectors.joining(", "))));
  }

  /** Whether tests on this broker can run here. */
  public boolean runnable() {
    return skipReason.isEmpty();
  }

  /** Aborts the calling test ({@code TestAbortedException}: reported as skipped) when this broker cannot run here. */
  public void assumeRunnable() {
    skipReason.ifPresent(Assumptions::abort);
  }

  /** For logs and condition results. */
  public String describe() {
    return kind == Kind.EMBEDDED ? "the embedded Kafka broker (" + TestKafka.PROPERTY + " unset or embedded)"
        : "a Kafka container " + image + " (" + TestKafka.PROPERTY + "=" + kind.value() + ")";
  }

  /** Starts this broker; skips the calling test when it cannot run here (see {@link #assumeRunnable()}). */
  public TestKafka start() {
    assumeRunnable();
    return kind == Kind.EMBEDDED ? EmbeddedTestKafka.start() : ContainerTestKafka.start(image);
  }

  private boolean matches(String value, String wantedImage) {
    Kind wanted = parse(value);
    return wanted == kind && (kind == Kind.EMBEDDED || image.equals(
        wantedImage == null || wantedImage.isBlank() ? DEFAULT_IMAGE : wantedImage.trim()));
  }

  private static Optional<String> realDockerCheck() {
    try {
      Class.forName("org.testcontainers.DockerClientFactory", false, TestKafkaSelection.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      // a build mistake, not a missing Docker: fail loudly
      throw new IllegalStateException("-D" + TestKafka.PROPERTY + "=testcontainers needs "
          + "org.testcontainers:testcontainers-kafka on the test class path (a test-scope dependency)", e);
    }
    return ContainerTestKafka.dockerProblem();
  }
}
