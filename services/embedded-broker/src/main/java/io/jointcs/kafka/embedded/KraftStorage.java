package io.jointcs.kafka.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's data directory, formatted the way {@code kafka-storage.sh format} does. A directory
 * formatted before keeps its cluster id and node id, so a restart finds its data again.
 */
final class KraftStorage {
  private static final Logger LOG = LoggerFactory.getLogger(KraftStorage.class);
  static final String CONTROLLER_LISTENER = "CONTROLLER";
  private static final int DEFAULT_NODE_ID = 1;

  private final Path dir;
  private final String clusterId;
  private final int nodeId;

  private KraftStorage(Path dir, String clusterId, int nodeId) {
    this.dir = dir;
    this.clusterId = clusterId;
    this.nodeId = nodeId;
  }

  /** Formats {@code dir} unless it already is, and returns its identity. */
  static KraftStorage formatIfNeeded(Path dir) {
    Properties meta = readMetaProperties(dir);
    String clusterId = meta.getProperty("cluster.id", Uuid.randomUuid().toString());
    int nodeId = Integer.parseInt(meta.getProperty("node.id", String.valueOf(DEFAULT_NODE_ID)));
    ByteArrayOutputStream formatterOutput = new ByteArrayOutputStream();
    try {
      Files.createDirectories(dir);
      new Formatter()
          .setPrintStream(new PrintStream(formatterOutput, true, StandardCharsets.UTF_8))
          .setClusterId(clusterId)
          .setNodeId(nodeId)
          .setControllerListenerName(CONTROLLER_LISTENER)
          .addDirectory(dir.toString())
          .setMetadataLogDirectory(dir.toString())
          // a restart on the same directory must not fail on "already formatted"
          .setIgnoreFormatted(true)
          .run();
    } catch (Exception e) {
      throw new IllegalStateException("cannot format Kafka storage in " + dir + ": " + e.getMessage(), e);
    }
    LOG.debug("storage format of {}: {}", dir, formatterOutput.toString(StandardCharsets.UTF_8).trim());
    LOG.info("Kafka data directory {} (cluster id {}, node id {}, {})", dir, clusterId, nodeId,
        meta.isEmpty() ? "newly formatted" : "existing data");
    return new KraftStorage(dir, clusterId, nodeId);
  }

  private static Properties readMetaProperties(Path dir) {
    Properties meta = new Properties();
    Path file = dir.resolve("meta.properties");
    if (Files.isRegularFile(file)) {
      try (InputStream in = Files.newInputStream(file)) {
        meta.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
    }
    return meta;
  }

  Path dir() {
    return dir;
  }

  String clusterId() {
    return clusterId;
  }

  int nodeId() {
    return nodeId;
  }
}
