package io.jointcs.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's process handling with a real child: the embedded Kafka broker as its own JVM ({@code jointcs broker
 * --port 0}), the smallest real process of the platform. Start and port discovery from its log, stop on request,
 * an unrequested exit reported as the group's failure, and a readiness timeout that names the process and its log.
 */
class ProcessGroupTest {
  private static final Pattern BROKER_READY = Pattern.compile("Kafka broker ready at 127\\.0\\.0\\.1:(\\d+)");
  private static final Duration START = Duration.ofSeconds(120); // a busy CI machine starts a JVM slowly

  @TempDir
  Path dir;

  private final ByteArrayOutputStream operator = new ByteArrayOutputStream();
  private final PrintStream log = new PrintStream(operator, true, StandardCharsets.UTF_8);

  private static List<String> cli(String... args) {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new java.util.ArrayList<>(List.of(java, "-Xmx256m", "-cp",
        System.getProperty("java.class.path"), "io.jointcs.cli.JointcsCli"));
    command.addAll(List.of(args));
    return command;
  }

  @Test
  void startsAChildFindsItsPortInItsLogAndStopsItOnRequest() throws Exception {
    ChildProcess broker;
    try (ProcessGroup group = new ProcessGroup(Duration.ofSeconds(20), log)) {
      broker = group.start("broker", cli("broker", "--port", "0"), Map.of(), dir, dir.resolve("logs/broker.log"));

      Matcher ready = broker.awaitLine(BROKER_READY, START, "broker ready line");
      int port = Integer.parseInt(ready.group(1));
      try (Socket s = new Socket("127.0.0.1", port)) {
        assertThat(s.isConnected()).isTrue();
      }
      // a line already written is found again by a later wait
      assertThat(broker.awaitLine(BROKER_READY, Duration.ofSeconds(1), "again").group(1)).isEqualTo(ready.group(1));
      group.check();
    }
    // close() stopped it: asked to stop, so no failure, and its output is in its log with the command first
    assertThat(broker.isAlive()).isFalse();
    assertThat(broker.stopRequested()).isTrue();
    String text = Files.readString(dir.resolve("logs/broker.log"));
    assertThat(text).startsWith("# ").contains("io.jointcs.cli.JointcsCli broker --port 0")
        .contains("Kafka broker ready at");
    assertThat(operator.toString(StandardCharsets.UTF_8)).contains("started broker").contains("broker: exit code");
  }

  @Test
  void aChildThatExitsOnItsOwnIsTheGroupsFailureNamingItsLog() throws Exception {
    try (ProcessGroup group = new ProcessGroup(Duration.ofSeconds(5), log)) {
      // bad input: the CLI exits with code 2 at once
      ChildProcess bad = group.start("bad-broker", cli("broker", "--port", "-5"), Map.of(), dir,
          dir.resolve("logs/bad.log"));
      assertThatThrownBy(() -> bad.awaitLine(BROKER_READY, START, "broker ready line"))
          .isInstanceOf(DemoFailure.class)
          .hasMessageContaining("bad-broker ended before broker ready line")
          .hasMessageContaining(dir.resolve("logs/bad.log").toString());
      bad.onExit().get();
      Thread.sleep(200); // the exit callback runs right after onExit completes
      assertThat(group.failure()).hasValueSatisfying(f -> assertThat(f)
          .contains("bad-broker exited unexpectedly with code 2").contains("bad.log"));
      assertThatThrownBy(group::check).isInstanceOf(DemoFailure.class).hasMessageContaining("bad-broker");
    }
  }

  @Test
  void aServiceThatNeverSaysWhereItListensTimesOutNamingItAndItsLog() throws Exception {
    try (ProcessGroup group = new ProcessGroup(Duration.ofSeconds(20), log)) {
      Launcher launcher = new Launcher(new ServiceLayout(dir), dir, group);
      // the broker never prints Quarkus' "Listening on" line
      ChildProcess broker = group.start("not-a-quarkus-service", cli("broker", "--port", "0"), Map.of(), dir,
          launcher.logFile("not-a-quarkus-service"));
      long t0 = System.nanoTime();
      assertThatThrownBy(() -> launcher.awaitReady(broker, Duration.ofSeconds(3)))
          .isInstanceOf(DemoFailure.class)
          .hasMessageContaining("not-a-quarkus-service: no 'Listening on' line (HTTP port) after 3 s")
          .hasMessageContaining(dir.resolve("logs/not-a-quarkus-service.log").toString());
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(30));
    }
  }

  @Test
  void anUnbuiltCheckoutIsNamedWithHowToBuildIt() {
    assertThatThrownBy(() -> new ServiceLayout(dir).requireBuilt())
        .isInstanceOf(DemoFailure.class)
        .hasMessageContaining("quarkus-run.jar")
        .hasMessageContaining("mvn -B -DskipTests install");
  }
}
