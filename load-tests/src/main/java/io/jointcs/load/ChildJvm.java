package io.jointcs.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A JVM the load generator started (the embedded broker, the packaged ingestion service) and stops again: only
 * processes it started itself, by their own pid.
 */
public final class ChildJvm implements AutoCloseable {
  private final String name;
  private final Process process;
  private final Path log;

  private ChildJvm(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  public long pid() {
    return process.pid();
  }

  public String name() {
    return name;
  }

  public Path log() {
    return log;
  }

  /** The embedded broker ({@link BrokerMain}) in its own JVM; returns once it printed its bootstrap address. */
  public static Started startBroker(Path workDir, String heap, Consumer<String> out) throws IOException,
      InterruptedException {
    Path log = workDir.resolve("broker.log");
    List<String> command = List.of(java(), "-Xmx" + heap, "-cp", System.getProperty("java.class.path"),
        BrokerMain.class.getName(), "0");
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    ChildJvm child = new ChildJvm("broker", p, log);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IOException("the broker ended (exit " + p.exitValue() + "); log: " + log);
      }
      for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
        if (line.startsWith("BOOTSTRAP ")) {
          String bootstrap = line.substring("BOOTSTRAP ".length()).trim();
          out.accept("embedded broker (pid " + p.pid() + ") at " + bootstrap);
          return new Started(child, bootstrap);
        }
      }
      Thread.sleep(200);
    }
    child.close();
    throw new IOException("the broker did not get ready in 120 s; log: " + log);
  }

  /**
   * The packaged profiling-ingestion ({@code quarkus-run.jar}) against {@code kafka}, accepting {@code deviceClass}
   * from any device and the given token file; returns once {@code /q/health/ready} answers 200.
   */
  public static Started startIngestion(Path jar, KafkaSettings kafka, String deviceClass, Path tokenHashes,
      Path workDir, String heap, Consumer<String> out) throws IOException, InterruptedException {
    return startService("profiling-ingestion", "ingestion", jar, kafka, List.of(
        "-Djointcs.ingestion.device-classes=" + deviceClass,
        "-Djointcs.ingestion.device-tokens-file=" + tokenHashes.toAbsolutePath(),
        "-Dkafka-streams.state.dir=" + workDir.resolve("ingestion-state").toAbsolutePath(),
        "-Dquarkus.log.category.\"org.apache.kafka\".level=WARN"), workDir, heap, out);
  }

  /** The packaged search-orchestration, its artifact store and predictor archive under {@code workDir}. */
  public static Started startOrchestrator(Path jar, KafkaSettings kafka, Path workDir, String heap,
      Consumer<String> out) throws IOException, InterruptedException {
    return startService("search-orchestration", "orchestrator", jar, kafka, List.of(
        "-Dai.djl.offline=true",
        "-Djointcs.artifacts.root=" + workDir.resolve("orchestrator-artifacts").toAbsolutePath(),
        "-Djointcs.predictors.archive-dir=" + workDir.resolve("orchestrator-predictors").toAbsolutePath(),
        "-Dquarkus.log.category.\"org.apache.kafka\".level=WARN"), workDir, heap, out);
  }

  /** A packaged Quarkus service on a free port; returns once {@code /q/health/ready} answers 200. */
  static Started startService(String service, String name, Path jar, KafkaSettings kafka, List<String> properties,
      Path workDir, String heap, Consumer<String> out) throws IOException, InterruptedException {
    if (!Files.isRegularFile(jar)) {
      throw new IOException("no packaged " + service + " at " + jar + ": build it with 'mvn -B -q -o -pl services/"
          + service + " -am install -DskipTests'");
    }
    int port = freePort();
    Path log = workDir.resolve(service + ".log");
    List<String> command = new ArrayList<>(List.of(java(), "-Xmx" + heap,
        "-Dquarkus.http.port=" + port, "-Dquarkus.http.host=127.0.0.1",
        "-Dkafka.bootstrap.servers=" + kafka.bootstrapServers()));
    command.addAll(properties);
    command.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
    Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    ChildJvm child = new ChildJvm(name, p, log);
    URI base = URI.create("http://127.0.0.1:" + port + "/");
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    String last = "";
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IOException(service + " ended (exit " + p.exitValue() + "); log: " + log);
      }
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("q/health/ready"))
            .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          out.accept(service + " (pid " + p.pid() + ") ready at " + base);
          return new Started(child, base.toString());
        }
        last = r.statusCode() + " " + r.body();
      } catch (IOException e) {
        last = e.toString();
      }
      Thread.sleep(500);
    }
    child.close();
    throw new IOException(service + " not ready in 180 s (last answer: " + last + "); log: " + log);
  }

  /** A started child and where to reach it (bootstrap servers or base URL). */
  public record Started(ChildJvm process, String address) {}

  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy(); // SIGTERM: a graceful shutdown
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** The last lines of the child's log. */
  public String tail(int lines) {
    try (BufferedReader r = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
      List<String> all = r.lines().toList();
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "";
    }
  }

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

}
