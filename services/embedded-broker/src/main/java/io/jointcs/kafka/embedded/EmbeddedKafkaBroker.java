package io.jointcs.kafka.embedded;

import io.jointcs.topics.TopicSpec;
import io.jointcs.topics.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) running in this JVM,
 * built from Apache Kafka's own server jars, with the topic catalogue created.
 *
 * <pre>{@code
 * try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.builder().start()) {
 *   String bootstrap = kafka.bootstrapServers();
 * }
 * }</pre>
 *
 * <p>{@link Builder#start()} returns only after a produce and consume round trip succeeded. Without
 * a data directory the broker uses a temporary one, deleted on {@link #close()}; with one, the data
 * (and cluster id) survive a restart on it.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
  private static final int BIND_ATTEMPTS = 5;

  private final KraftStorage storage;
  private final boolean temporaryDir;
  private final List<TopicSpec> topics;
  private final int port;
  private final Duration firstRecordAcceptedAfter;
  private final Duration readyAfter;
  private KafkaRaftServer server;

  private EmbeddedKafkaBroker(KraftStorage storage, boolean temporaryDir, List<TopicSpec> topics,
      KafkaRaftServer server, int port, Duration firstRecordAcceptedAfter, Duration readyAfter) {
    this.storage = storage;
    this.temporaryDir = temporaryDir;
    this.topics = topics;
    this.server = server;
    this.port = port;
    this.firstRecordAcceptedAfter = firstRecordAcceptedAfter;
    this.readyAfter = readyAfter;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** {@code host:port} for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return Ports.HOST + ":" + port;
  }

  /** The port clients connect to (the one asked for, or the free one chosen). */
  public int port() {
    return port;
  }

  /** Where the broker keeps its data. */
  public Path dataDir() {
    return storage.dir();
  }

  /** Whether {@link #dataDir()} is deleted on close. */
  public boolean temporaryDataDir() {
    return temporaryDir;
  }

  /** The KRaft cluster id, the same across restarts on one data directory. */
  public String clusterId() {
    return storage.clusterId();
  }

  public int nodeId() {
    return storage.nodeId();
  }

  /** The topics created on start (the catalogue unless the builder said otherwise). */
  public List<TopicSpec> topics() {
    return topics;
  }

  /** From {@link Builder#start()} until the broker acknowledged the warm-up record. */
  public Duration firstRecordAcceptedAfter() {
    return firstRecordAcceptedAfter;
  }

  /** From {@link Builder#start()} until the warm-up round trip completed. */
  public Duration readyAfter() {
    return readyAfter;
  }

  public synchronized boolean isRunning() {
    return server != null;
  }

  /** Stops the broker cleanly (logs flushed, clean-shutdown markers written); idempotent. */
  @Override
  public synchronized void close() {
    if (server == null) {
      return;
    }
    long begin = System.nanoTime();
    try {
      stop(server);
    } finally {
      server = null;
      ExitGuard.release();
      if (temporaryDir) {
        deleteQuietly(storage.dir());
      }
    }
    LOG.info("Kafka broker on {} stopped in {} ms", bootstrapServers(), millisSince(begin));
  }

  private static void stop(KafkaRaftServer server) {
    server.shutdown();
    server.awaitShutdown();
  }

  private static void deleteQuietly(Path dir) {
    try {
      Utils.delete(dir.toFile());
    } catch (IOException e) {
      LOG.warn("could not delete temporary Kafka data directory {}: {}", dir, e.getMessage());
    }
  }

  private static long millisSince(long nanoTime) {
    return Duration.ofNanos(System.nanoTime() - nanoTime).toMillis();
  }

  /** Configuration of a broker; {@link #start()} starts one. */
  public static final class Builder {
    private int port;
    private Path dataDir;
    private final Map<String, String> brokerProperties = new LinkedHashMap<>();
    private List<TopicSpec> topics = Topics.all();
    private Duration readyTimeout = Duration.ofSeconds(60);

    private Builder() {}

    /** Client port; 0 (the default) picks a free one. A taken fixed port fails with {@link PortInUseException}. */
    public Builder port(int port) {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("port must be 0..65535, got " + port);
      }
      this.port = port;
      return this;
    }

    /** Persistent data directory (created if missing); null (the default) uses a temporary one. */
    public Builder dataDir(Path dataDir) {
      this.dataDir = dataDir;
      return this;
    }

    /** A broker property set after the defaults (e.g. {@code log.retention.check.interval.ms}). */
    public Builder brokerProperty(String name, String value) {
      brokerProperties.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    public Builder brokerProperties(Map<String, String> properties) {
      properties.forEach(this::brokerProperty);
      return this;
    }

    /** Topics to create instead of the catalogue's ({@link Topics#all()}); empty creates none. */
    public Builder topics(List<TopicSpec> topics) {
      this.topics = List.copyOf(topics);
      return this;
    }

    /** How long each readiness step (topics led, warm-up round trip) may wait before start fails (default 60 s). */
    public Builder readyTimeout(Duration readyTimeout) {
      this.readyTimeout = Objects.requireNonNull(readyTimeout, "readyTimeout");
      return this;
    }

    /** Starts the broker and returns once it has served a produce and consume round trip. */
    public EmbeddedKafkaBroker start() {
      long begin = System.nanoTime();
      if (port != 0) {
        Ports.requireFree(port);
      }
      boolean temporary = dataDir == null;
      Path dir = temporary ? createTempDir() : dataDir.toAbsolutePath();
      KraftStorage storage;
      try {
        storage = KraftStorage.formatIfNeeded(dir);
      } catch (RuntimeException e) {
        if (temporary) {
          deleteQuietly(dir);
        }
        throw e;
      }
      ExitGuard.acquire();
      KafkaRaftServer server = null;
      try {
        Launched launched = launch(storage);
        server = launched.server();
        String bootstrap = Ports.HOST + ":" + launched.port();
        LOG.debug("Kafka server started after {} ms", millisSince(begin));
        long acceptedAt = createTopicsAndWarmUp(bootstrap);
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(storage, temporary, topics, server, launched.port(),
            Duration.ofNanos(acceptedAt - begin), Duration.ofNanos(System.nanoTime() - begin));
        LOG.info("Kafka broker ready on {} in {} ms (first record accepted after {} ms), {} topics, data in {}",
            bootstrap, broker.readyAfter().toMillis(), broker.firstRecordAcceptedAfter().toMillis(), topics.size(),
            storage.dir());
        return broker;
      } catch (RuntimeException | Error e) {
        abort(server, dir, temporary);
        throw e;
      } catch (Exception e) {
        abort(server, dir, temporary);
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("embedded Kafka broker did not become ready: " + e, e);
      }
    }

    private record Launched(KafkaRaftServer server, int port) {}

    /** Starts the server, choosing new free ports when another process took one first. */
    private Launched launch(KraftStorage storage) {
      for (int attempt = 1; ; attempt++) {
        int brokerPort = port != 0 ? port : Ports.freePort();
        int controllerPort = Ports.freePort();
        Properties props = BrokerSettings.of(storage, brokerPort, controllerPort, brokerProperties);
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        try {
          server.startup();
          return new Launched(server, brokerPort);
        } catch (RuntimeException e) {
          stopQuietly(server);
          if (port != 0 && !Ports.isFree(port)) {
            throw new PortInUseException(port, e);
          }
          if (!Ports.lostPortRace(e, brokerPort, controllerPort)) {
            throw e;
          }
          if (attempt == BIND_ATTEMPTS) {
            throw new IllegalStateException("no free ports after " + attempt + " attempts", e);
          }
          LOG.info("port {} or {} was taken before the broker bound it; retrying with new ports", brokerPort,
              controllerPort);
        }
      }
    }

    private long createTopicsAndWarmUp(String bootstrap) throws Exception {
      return Readiness.topicsAndRoundTrip(bootstrap, topics, readyTimeout);
    }

    private static void abort(KafkaRaftServer server, Path dir, boolean temporary) {
      if (server != null) {
        stopQuietly(server);
      }
      ExitGuard.release();
      if (temporary) {
        deleteQuietly(dir);
      }
    }

    private static void stopQuietly(KafkaRaftServer server) {
      try {
        stop(server);
      } catch (RuntimeException e) {
        LOG.warn("error while stopping a broker that failed to start: {}", e.toString());
      }
    }

    private static Path createTempDir() {
      try {
        return Files.createTempDirectory("jointcs-kafka-");
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create a temporary Kafka data directory", e);
      }
    }
  }
}
