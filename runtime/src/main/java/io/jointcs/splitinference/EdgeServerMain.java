package io.jointcs.splitinference;

import ai.djl.ndarray.NDManager;
import io.jointcs.artifact.ModelArtifact;
import io.jointcs.timing.NativeAllocator;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An edge server process: loads a tail, listens, prints {@value #READY_PREFIX}N on stdout once it
 * accepts connections, and serves until SIGTERM/SIGINT (or, with {@code --exit-on-stdin-eof}, until
 * its parent process closes stdin or dies). {@code jointcs split serve} runs the same code; this
 * main needs only the runtime's own classpath, so {@link EdgeProcess} can start it from anywhere the
 * runtime library is (tests, the search, the device agent).
 *
 * <pre>
 * EdgeServerMain --artifact FILE [--cut N] [--port P] [--bind HOST] [--threads N] [--exit-on-stdin-eof]
 * </pre>
 */
public final class EdgeServerMain {
  /** The line prefix a launcher waits for; the port follows. */
  public static final String READY_PREFIX = "jointcs edge ready on port ";
  static final int BAD_INPUT_EXIT_CODE = 2;
  private static final Logger log = LoggerFactory.getLogger(EdgeServerMain.class);
  private static final String USAGE = "usage: EdgeServerMain --artifact FILE [--cut N] [--port P] [--bind HOST] "
      + "[--threads N] [--exit-on-stdin-eof]";

  private EdgeServerMain() {}

  /** What to serve and how. */
  record Arguments(Path artifact, Integer cutPoint, int port, String bindHost, int threads, boolean exitOnStdinEof) {}

  public static void main(String[] args) {
    Arguments arguments;
    try {
      arguments = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println(USAGE);
      System.exit(BAD_INPUT_EXIT_CODE);
      return;
    }
    // before the engine loads: PyTorch reads its thread counts once
    System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(arguments.threads()));
    System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    System.err.println("allocator: " + NativeAllocator.fixThresholds());
    try {
      EdgeServer.Options options = new EdgeServer.Options(arguments.bindHost(), arguments.port(),
          EdgeServer.Options.DEFAULT_MAX_PAYLOAD_BYTES, EdgeServer.Options.DEFAULT_MAX_CONNECTIONS);
      serveUntilShutdown(arguments.artifact(), arguments.cutPoint(), options, arguments.exitOnStdinEof(), System.out);
    } catch (IllegalArgumentException | IOException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(BAD_INPUT_EXIT_CODE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static Arguments parse(String[] args) {
    Path artifact = null;
    Integer cut = null;
    int port = 0;
    String bind = "0.0.0.0";
    int threads = 1;
    boolean exitOnStdinEof = false;
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      if (option.equals("--exit-on-stdin-eof")) {
        exitOnStdinEof = true;
        continue;
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("option " + option + " needs a value");
      }
      String value = args[++i];
      switch (option) {
        case "--artifact", "--tail" -> artifact = Path.of(value);
        case "--cut" -> cut = parseInt(option, value, 0);
        case "--port" -> port = parseInt(option, value, 0);
        case "--bind" -> bind = value;
        case "--threads" -> threads = parseInt(option, value, 1);
        default -> throw new IllegalArgumentException("unknown option " + option);
      }
    }
    if (artifact == null) {
      throw new IllegalArgumentException("--artifact FILE is required");
    }
    return new Arguments(artifact, cut, port, bind, threads, exitOnStdinEof);
  }

  private static int parseInt(String option, String value, int min) {
    try {
      int parsed = Integer.parseInt(value);
      if (parsed >= min) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(option + " takes an integer >= " + min + ", got '" + value + "'");
  }

  /**
   * Loads the tail, serves it and blocks until the JVM is asked to stop; the shutdown hook closes
   * the server, then waits (briefly) for the weights to be freed.
   *
   * @param ready where the ready line goes (stdout for a launcher)
   */
  public static void serveUntilShutdown(Path artifact, Integer cutPoint, EdgeServer.Options options,
      boolean exitOnStdinEof, PrintStream ready) throws IOException, InterruptedException {
    // a bad file fails here, before the engine loads
    ModelArtifact parsed = ModelArtifact.readFile(artifact);
    CountDownLatch stopRequested = new CountDownLatch(1);
    CountDownLatch released = new CountDownLatch(1);
    try (NDManager manager = NDManager.newBaseManager();
        ServedTail served = ServedTail.of(parsed, cutPoint, manager, ArtifactFiles.describe(artifact, parsed));
        EdgeServer server = EdgeServer.start(served, options)) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        log.info("edge server on port {} shutting down", server.port());
        server.close();
        stopRequested.countDown();
        awaitQuietly(released);
      }, "edge-shutdown"));
      if (exitOnStdinEof) {
        watchStdin(System.in);
      }
      ready.println(READY_PREFIX + server.port());
      ready.flush();
      stopRequested.await();
    } finally {
      released.countDown();
    }
  }

  /** A launcher keeps our stdin open; EOF means it is gone (even if it was killed), so we go too. */
  private static void watchStdin(InputStream stdin) {
    Thread watcher = new Thread(() -> {
      try {
        while (stdin.read() >= 0) {
          // the launcher sends nothing; only EOF matters
        }
      } catch (IOException e) {
        // a broken pipe means the same as EOF
      }
      log.info("the launching process closed stdin: exiting");
      System.exit(0);
    }, "edge-parent-watch");
    watcher.setDaemon(true);
    watcher.start();
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
