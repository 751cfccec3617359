package io.jointcs.splitinference;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An edge server in its own JVM, started from this one: the same java binary and classpath, main
 * class {@link EdgeServerMain}. {@link #start} returns once the child printed its ready line, so
 * the port is known and connections are accepted. The child's output is forwarded to this log.
 *
 * <p>The child is killed on {@link #close()}, by a shutdown hook when this JVM exits first, and,
 * should this JVM be killed outright, by itself: it watches its stdin, which only this JVM holds.
 */
public final class EdgeProcess implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EdgeProcess.class);
  private static final int OUTPUT_LINES_KEPT = 40;

  /**
   * @param threads PyTorch intra-op threads of the edge
   * @param bindHost interface the edge listens on; devices on this machine use loopback
   * @param startTimeout how long the child may take to load the model and listen
   * @param jvmArgs extra JVM options of the child, e.g. -Xmx1g
   */
  public record Options(int threads, String bindHost, Duration startTimeout, List<String> jvmArgs) {
    public Options {
      if (threads < 1) {
        throw new IllegalArgumentException("edge threads must be >= 1, got " + threads);
      }
      jvmArgs = List.copyOf(jvmArgs);
    }

    /** One thread, loopback, 120 s to start (two busy cores and a cold disk can be slow), 1 GB heap. */
    public static Options defaults() {
      return new Options(1, "127.0.0.1", Duration.ofSeconds(120), List.of("-Xmx1g"));
    }

    public Options withThreads(int threads) {
      return new Options(threads, bindHost, startTimeout, jvmArgs);
    }
  }

  private final Process process;
  private final int port;
  private final InetSocketAddress address;
  private final Thread reaper;
  private volatile boolean closed;

  private EdgeProcess(Process process, int port, String bindHost) {
    this.process = process;
    this.port = port;
    InetAddress host = bindHost.equals("0.0.0.0") ? InetAddress.getLoopbackAddress() : resolve(bindHost);
    this.address = new InetSocketAddress(host, port);
    this.reaper = new Thread(() -> stop(process, Duration.ofSeconds(2)), "edge-process-reaper-" + process.pid());
  }

  /** Starts an edge serving a TAIL artifact file. */
  public static EdgeProcess start(Path tailArtifact, Options options) throws IOException {
    return start(tailArtifact, null, options);
  }

  /** Starts an edge serving a TAIL artifact, or a FULL artifact cut at {@code cutPoint} (null for TAIL). */
  public static EdgeProcess start(Path artifact, Integer cutPoint, Options options) throws IOException {
    if (!Files.isRegularFile(artifact)) {
      throw new IOException("no artifact file " + artifact);
    }
    List<String> command = command(artifact, cutPoint, options);
    log.debug("starting edge: {}", command);
    Process process = new ProcessBuilder(command).start();
    OutputLog output = new OutputLog();
    CompletableFuture<Integer> ready = new CompletableFuture<>();
    Thread stdout = forward(process.getInputStream(), process, output, ready, "edge-stdout-" + process.pid());
    Thread stderr = forward(process.getErrorStream(), process, output, null, "edge-stderr-" + process.pid());
    process.onExit().thenRun(() -> {
      joinQuietly(stdout);
      joinQuietly(stderr); // so that the message holds the child's last words
      ready.completeExceptionally(new IOException("the edge process exited with code " + process.exitValue()
          + " before it was ready; its last output:\n" + output.lastLines()));
    });
    int port;
    try {
      port = ready.get(options.startTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      stop(process, Duration.ofSeconds(5));
      throw new IOException("the edge process was not ready within " + options.startTimeout().toSeconds()
          + " s; its last output:\n" + output.lastLines(), e);
    } catch (ExecutionException e) {
      stop(process, Duration.ofSeconds(5));
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    } catch (InterruptedException e) {
      stop(process, Duration.ofSeconds(5));
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while starting the edge process");
    }
    EdgeProcess edge = new EdgeProcess(process, port, options.bindHost());
    Runtime.getRuntime().addShutdownHook(edge.reaper);
    log.info("edge process {} ready on port {} serving {}", process.pid(), port, artifact.getFileName());
    return edge;
  }

  static List<String> command(Path artifact, Integer cutPoint, Options options) {
    List<String> command = new ArrayList<>();
    command.add(javaBinary());
    command.addAll(options.jvmArgs());
    // this JVM's engine settings (offline mode, graph optimizer, ...) and log levels hold for the edge too
    for (Map.Entry<Object, Object> property : System.getProperties().entrySet()) {
      String key = property.getKey().toString();
      boolean inherited = key.startsWith("ai.djl.") || key.startsWith("org.slf4j.simpleLogger.");
      if (inherited && !key.startsWith("ai.djl.pytorch.num_")) {
        command.add("-D" + key + "=" + property.getValue());
      }
    }
    command.add("-Dai.djl.pytorch.num_threads=" + options.threads());
    command.add("-Dai.djl.pytorch.num_interop_threads=1");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(EdgeServerMain.class.getName());
    command.add("--artifact");
    command.add(artifact.toAbsolutePath().toString());
    if (cutPoint != null) {
      command.add("--cut");
      command.add(cutPoint.toString());
    }
    command.addAll(List.of("--port", "0", "--bind", options.bindHost(), "--threads",
        Integer.toString(options.threads()), "--exit-on-stdin-eof"));
    return command;
  }

  private static String javaBinary() {
    return ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  /** Copies the child's lines to the log, remembering the last ones, and spots the ready line on stdout. */
  private static Thread forward(InputStream stream, Process process, OutputLog output,
      CompletableFuture<Integer> ready, String threadName) {
    Thread thread = new Thread(() -> {
      try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          if (ready != null && !ready.isDone() && line.startsWith(EdgeServerMain.READY_PREFIX)) {
            ready.complete(Integer.parseInt(line.substring(EdgeServerMain.READY_PREFIX.length()).trim()));
            continue;
          }
          output.add(line);
          log.info("edge[{}] {}", process.pid(), line);
        }
      } catch (IOException | NumberFormatException e) {
        if (ready != null) {
          ready.completeExceptionally(new IOException("reading the edge process's output failed: " + e, e));
        }
      }
    }, threadName);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private static void joinQuietly(Thread thread) {
    try {
      thread.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** SIGTERM, so the edge closes cleanly; SIGKILL if it has not exited within {@code grace}. */
  private static void stop(Process process, Duration grace) {
    if (!process.isAlive()) {
      return;
    }
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // the pipe is gone already: the child is exiting
    }
    process.destroy();
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("edge process {} did not stop within {} ms: killing it", process.pid(), grace.toMillis());
        process.destroyForcibly();
        process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static InetAddress resolve(String host) {
    try {
      return InetAddress.getByName(host);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot resolve the edge bind host '" + host + "'", e);
    }
  }

  /** Where a device on this machine reaches the edge. */
  public InetSocketAddress address() {
    return address;
  }

  public int port() {
    return port;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Stops the edge (SIGTERM, then SIGKILL after 10 s) and waits for it; idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    stop(process, Duration.ofSeconds(10));
    try {
      Runtime.getRuntime().removeShutdownHook(reaper);
    } catch (IllegalStateException e) {
      // this JVM is shutting down: the hook runs anyway and finds the child gone
    }
    log.info("edge process {} stopped (exit code {})", process.pid(),
        process.isAlive() ? "none yet" : Integer.toString(process.exitValue()));
  }

  /** The child's last lines, for error messages. */
  private static final class OutputLog {
    private final Deque<String> lines = new ArrayDeque<>();

    synchronized void add(String line) {
      if (lines.size() == OUTPUT_LINES_KEPT) {
        lines.removeFirst();
      }
      lines.addLast(line);
    }

    synchronized String lastLines() {
      return lines.isEmpty() ? "  (none)" : "  " + String.join("\n  ", lines);
    }
  }
}
