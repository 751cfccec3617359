package io.jointcs.splitinference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.jointcs.segmentation.CutQuantization;
import io.jointcs.segmentation.Tail;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge side of split inference: accepts TCP connections, greets each with {@link EdgeHello},
 * and answers every request frame (request id + cut tensor) with the tail's class scores and the
 * edge compute time. Each connection has its own thread and may carry any number of requests; a
 * malformed frame closes that connection only. Requests from all connections take turns on the
 * model (one forward pass at a time, using the engine's intra-op threads), so the edge compute time
 * of a request never includes another's.
 *
 * <p>The server does not own the tail; close the server first, then the tail.
 */
public final class EdgeServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EdgeServer.class);

  /**
   * @param bindHost interface to listen on: 0.0.0.0 for every interface, 127.0.0.1 for this machine only
   * @param port TCP port; 0 picks a free one
   * @param maxPayloadBytes largest cut tensor payload accepted (bounds what a frame can make the server allocate)
   * @param maxConnections connections beyond this are closed at once
   */
  public record Options(String bindHost, int port, int maxPayloadBytes, int maxConnections) {
    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 256 << 20;
    public static final int DEFAULT_MAX_CONNECTIONS = 64;

    public Options {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be in 0..65535, got " + port);
      }
      if (maxPayloadBytes < 1 || maxConnections < 1) {
        throw new IllegalArgumentException("payload and connection limits must be >= 1, got " + maxPayloadBytes
            + " and " + maxConnections);
      }
    }

    /** Every interface, as an edge server reachable by devices. */
    public static Options allInterfaces(int port) {
      return new Options("0.0.0.0", port, DEFAULT_MAX_PAYLOAD_BYTES, DEFAULT_MAX_CONNECTIONS);
    }

    /** This machine only: benchmarks and tests. */
    public static Options loopback(int port) {
      return new Options("127.0.0.1", port, DEFAULT_MAX_PAYLOAD_BYTES, DEFAULT_MAX_CONNECTIONS);
    }
  }

  private final Tail tail;
  private final EdgeHello hello;
  private final Options options;
  private final ServerSocket serverSocket;
  private final NDManager manager;
  private final ReentrantLock modelLock = new ReentrantLock(true);
  private final Set<Socket> openConnections = ConcurrentHashMap.newKeySet();
  private final ExecutorService connectionThreads;
  private final Thread acceptThread;
  private final AtomicLong requestsServed = new AtomicLong();
  private volatile boolean closed;

  private EdgeServer(Tail tail, EdgeHello hello, Options options, ServerSocket serverSocket) {
    this.tail = tail;
    this.hello = hello;
    this.options = options;
    this.serverSocket = serverSocket;
    this.manager = NDManager.newBaseManager();
    AtomicInteger connectionNumber = new AtomicInteger();
    this.connectionThreads = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "edge-connection-" + connectionNumber.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.acceptThread = new Thread(this::acceptLoop, "edge-accept-" + serverSocket.getLocalPort());
    this.acceptThread.setDaemon(true);
  }

  /** Listens and serves {@code tail} until {@link #close()}; {@code hello} is what devices are told. */
  public static EdgeServer start(Tail tail, EdgeHello hello, Options options) throws IOException {
    ServerSocket socket = new ServerSocket();
    try {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(options.bindHost()), options.port()), 128);
    } catch (IOException e) {
      socket.close();
      throw new IOException("cannot listen on " + options.bindHost() + ":" + options.port() + ": " + e.getMessage(),
          e);
    }
    EdgeServer server = new EdgeServer(tail, hello, options, socket);
    server.acceptThread.start();
    log.info("edge server listening on {}:{}, serving {} ({})", options.bindHost(), server.port(), hello.describe(),
        hello.source());
    return server;
  }

  /** Architecture named in the greeting of a probe-only edge; no device head matches it. */
  public static final String PROBE_ONLY = "probe-only";

  /**
   * An edge that runs no model and answers only uplink probes: where a device measures its link before it has a
   * plan (a co-located edge JVM starts only once a plan names its model). Inference requests get a rejection.
   */
  public static EdgeServer probeOnly(Options options) throws IOException {
    return start((Tail) null, new EdgeHello(SplitProtocol.VERSION, PROBE_ONLY, 0, List.of(), 0, CutQuantization.NONE,
        "probe-only edge: answers uplink probes, runs no model"), options);
  }

  /** Serves a loaded tail with its own greeting. */
  public static EdgeServer start(ServedTail served, Options options) throws IOException {
    return start(served.tail(), served.hello(), options);
  }

  public int port() {
    return serverSocket.getLocalPort();
  }

  /** Where a device on this machine reaches the server. */
  public InetSocketAddress localAddress() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), port());
  }

  public EdgeHello hello() {
    return hello;
  }

  public long requestsServed() {
    return requestsServed.get();
  }

  public int openConnections() {
    return openConnections.size();
  }

  private void acceptLoop() {
    while (!closed) {
      Socket socket;
      try {
        socket = serverSocket.accept();
      } catch (IOException e) {
        if (!closed) {
          log.warn("edge server on port {}: accept failed: {}", port(), e.getMessage());
          pauseAfterAcceptFailure();
        }
        continue;
      }
      if (openConnections.size() >= options.maxConnections()) {
        log.warn("refusing the connection from {}: {} connections are open (limit {})",
            socket.getRemoteSocketAddress(), openConnections.size(), options.maxConnections());
        closeQuietly(socket);
        continue;
      }
      openConnections.add(socket);
      try {
        connectionThreads.execute(new EdgeConnection(this, socket, options.maxPayloadBytes()));
      } catch (RejectedExecutionException e) {
        openConnections.remove(socket);
        closeQuietly(socket); // closing: the pool no longer takes connections
      }
    }
  }

  /** A failing accept (e.g. out of file descriptors) must not spin a core. */
  private static void pauseAfterAcceptFailure() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Runs the tail on one request and writes the reply; a request the tail cannot run (wrong shape)
   * gets a rejection and the connection stays usable.
   */
  void serve(SplitProtocol.Request request, DataOutputStream out) throws IOException {
    if (request.probe()) {
      // a device measuring its uplink: answer at once, no model, not counted as served
      SplitProtocol.writeReply(out, request.requestId(), 0, 0, new float[0], 0);
      return;
    }
    if (tail == null) {
      SplitProtocol.writeRejection(out, request.requestId(), "this edge answers uplink probes only; it serves no tail");
      return;
    }
    Scores scores;
    try {
      scores = compute(request);
    } catch (IllegalArgumentException e) {
      log.warn("rejecting request {}: {}", request.requestId(), e.getMessage());
      SplitProtocol.writeRejection(out, request.requestId(), e.getMessage());
      return;
    } catch (RuntimeException e) {
      log.error("request {} failed in the tail", request.requestId(), e);
      SplitProtocol.writeRejection(out, request.requestId(), "the edge failed: " + e);
      return;
    }
    requestsServed.incrementAndGet(); // before the reply, so a device that has its reply sees the count
    SplitProtocol.writeReply(out, request.requestId(), scores.rows(), scores.cols(), scores.values(), scores.nanos());
  }

  private record Scores(int rows, int cols, float[] values, long nanos) {}

  /** The tail's scores; timed from the model lock being held to the scores being read out. */
  private Scores compute(SplitProtocol.Request request) {
    modelLock.lock();
    try (NDManager step = manager.newSubManager()) {
      long start = System.nanoTime();
      NDArray result = tail.run(request.cut(), step);
      float[] values = result.toType(DataType.FLOAT32, false).toFloatArray();
      long nanos = System.nanoTime() - start;
      int rows = (int) result.getShape().get(0);
      return new Scores(rows, rows == 0 ? 0 : values.length / rows, values, nanos);
    } finally {
      modelLock.unlock();
    }
  }

  boolean isClosed() {
    return closed;
  }

  void connectionClosed(Socket socket) {
    openConnections.remove(socket);
  }

  /** Stops listening, closes every connection and waits for their threads; idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    closeQuietly(serverSocket);
    openConnections.forEach(EdgeServer::closeQuietly);
    connectionThreads.shutdown();
    try {
      acceptThread.join(5_000);
      if (!connectionThreads.awaitTermination(10, TimeUnit.SECONDS)) {
        log.warn("edge server on port {}: connection threads still running after 10 s", port());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    manager.close();
    log.info("edge server on port {} stopped after {} requests", port(), requestsServed.get());
  }

  static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // closing after a failure or during shutdown: nothing left to do with the error
    }
  }
}
