package io.jointcs.cli.demo;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Starts the services and agents as JVMs of their own (the same java as this one) into the run directory's
 * {@code logs/}, and waits until each is ready. Services listen on port 0: the port is read from their log, so two
 * demos (or a demo beside a running platform) never race for a port.
 */
public final class Launcher {
  private static final Pattern LISTENING = Pattern.compile("Listening on: https?://[^\\s]*:(\\d+)");
  private static final Pattern AGENT_ADMIN = Pattern.compile("jointcs device agent \\S+ admin on port (\\d+)");
  private static final Duration POLL = Duration.ofMillis(500);

  private final ServiceLayout layout;
  private final Path runDir;
  private final ProcessGroup group;
  private final HttpJson http = new HttpJson();
  private final String java = ProcessHandle.current().info().command().orElse("java");

  public Launcher(ServiceLayout layout, Path runDir, ProcessGroup group) {
    this.layout = layout;
    this.runDir = runDir;
    this.group = group;
  }

  public Path logFile(String name) {
    return runDir.resolve("logs").resolve(name + ".log");
  }

  /**
   * A Quarkus service from its packaged jar; every setting as a system property (they win over
   * application.properties and need no environment name mangling).
   */
  public ChildProcess startQuarkus(String service, String maxHeap, Map<String, String> properties)
      throws IOException {
    List<String> command = new ArrayList<>(List.of(java, "-Xmx" + maxHeap, "-XX:+UseSerialGC",
        "-Dai.djl.offline=true", "-Dquarkus.http.port=0", "-Dquarkus.http.host=127.0.0.1"));
    properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.addAll(List.of("-jar", layout.quarkusJar(service).toString()));
    return group.start(service, command, Map.of(), runDir, logFile(service));
  }

  /** The device agent's main class with {@code args}; returns once its admin port is known. */
  public ChildProcess startAgent(String deviceId, String maxHeap, List<String> args) throws IOException {
    List<String> command = new ArrayList<>(List.of(java, "-Xmx" + maxHeap, "-XX:+UseSerialGC", "-Dai.djl.offline=true",
        // the Kafka clients' configuration dumps would bury the agent's own lines
        "-Dorg.slf4j.simpleLogger.log.org.apache.kafka=warn", "-cp", layout.agentClassPath(),
        "io.jointcs.agent.DeviceAgentMain"));
    command.addAll(args);
    return group.start("agent-" + deviceId, command, Map.of(), runDir, logFile("agent-" + deviceId));
  }

  public int agentAdminPort(ChildProcess agent, Duration timeout) {
    return Integer.parseInt(agent.awaitLine(AGENT_ADMIN, timeout, "admin port line").group(1));
  }

  /**
   * Waits for the service's port in its log, then for {@code GET /q/health/ready} to answer 200.
   *
   * @throws DemoFailure naming the service, what it last answered and its log file
   */
  public RunningService awaitReady(ChildProcess child, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    int port = Integer.parseInt(child.awaitLine(LISTENING, timeout, "'Listening on' line (HTTP port)").group(1));
    URI base = URI.create("http://127.0.0.1:" + port + "/");
    String last = "no answer yet";
    while (System.nanoTime() < deadline) {
      group.check();
      if (!child.isAlive()) {
        throw new DemoFailure(child.name() + " exited before it was ready (exit code "
            + child.exitCode().orElse(-1) + "); log: " + child.log());
      }
      try {
        HttpJson.Answer a = http.get(base.resolve("q/health/ready"));
        if (a.status() == 200) {
          return new RunningService(child.name(), child, base);
        }
        last = a.status() + " " + a.body().replaceAll("\\s+", " ");
      } catch (IOException e) {
        last = e.toString();
      }
      sleep(POLL);
    }
    throw new DemoFailure(child.name() + " not ready after " + timeout.toSeconds() + " s (GET " + base
        + "q/health/ready answered: " + abbreviate(last) + "); log: " + child.log());
  }

  static String abbreviate(String s) {
    return s.length() > 400 ? s.substring(0, 400) + "..." : s;
  }

  static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DemoFailure("interrupted");
    }
  }
}
