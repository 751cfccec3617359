package io.jointcs.orchestration;

import io.jointcs.events.LatencyPredictor;
import io.jointcs.events.codec.EventCodec;
import io.jointcs.latency.prediction.PredictorCodec;
import io.jointcs.latency.profiling.DeviceClassConfig;
import io.jointcs.plans.DevicePlanner;
import io.jointcs.search.BlockLatencyModel;
import io.jointcs.search.LatencyModels;
import io.jointcs.search.latency.PredictorLatencyModel;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Every latency predictor version seen, per device class. jointcs.predictors is compacted and keeps only the latest
 * version of a class, but a search keeps the versions pinned in its SearchStarted; so every version is also archived
 * as a file ({@code <archive>/<class>/<version>.avro}, the event's own encoding) and read back at start, and a
 * resumed search finds its versions even after newer ones replaced them on the topic.
 *
 * <p>Batch sizes: a device class's latency model predicts one forward pass of the batch that class runs (images per
 * request): the preset's batch for a preset class ({@code cpu-1t-b8}: 8), the configured one for any other class
 * ({@code jointcs.predictors.batch-sizes.<class>}), else 1. The predictor event does not carry it; its training
 * samples were profiled at that batch. For every batch b &gt; 1 among the classes, every class is also available as
 * an edge at batch b, named {@link DevicePlanner#batchedEdgeName}, since the edge runs the tail on the device's batch.
 */
public final class PredictorRegistry {
  private static final Logger LOG = Logger.getLogger(PredictorRegistry.class);
  private static final EventCodec<LatencyPredictor> CODEC = EventCodec.of(LatencyPredictor.class);

  private final Map<String, NavigableMap<Long, LatencyPredictor>> versions = new ConcurrentHashMap<>();
  private final Map<String, BlockLatencyModel> decoded = new ConcurrentHashMap<>();
  private final Map<String, Integer> configuredBatchSizes;
  private final Path archive;

  /** @param archive where versions are archived; null keeps them in memory only */
  public PredictorRegistry(Path archive) {
    this(archive, Map.of());
  }

  /**
   * @param archive where versions are archived; null keeps them in memory only
   * @param batchSizes images per request of device classes that are not presets (a preset's batch is fixed: a
   *     contradicting entry is an error)
   */
  public PredictorRegistry(Path archive, Map<String, Integer> batchSizes) {
    batchSizes.forEach((c, b) -> {
      if (b == null || b < 1) {
        throw new IllegalArgumentException("batch size of device class '" + c + "' must be >= 1, got " + b);
      }
      DeviceClassConfig.preset(c).filter(p -> p.batchSize() != b).ifPresent(p -> {
        throw new IllegalArgumentException("device class " + c + " is the preset " + p + "; batch size " + b
            + " contradicts it");
      });
    });
    this.configuredBatchSizes = Map.copyOf(batchSizes);
    this.archive = archive;
    if (archive != null) {
      readArchive();
    }
  }

  /** Images per request of a device class: its preset's, else the configured one, else 1. */
  public int batchSize(String deviceClass) {
    return DeviceClassConfig.preset(deviceClass).map(DeviceClassConfig::batchSize)
        .orElse(configuredBatchSizes.getOrDefault(deviceClass, 1));
  }

  /**
   * Records a version seen on the topic.
   *
   * @return true when it is a newer version than any seen of its class
   */
  public synchronized boolean offer(LatencyPredictor event) {
    NavigableMap<Long, LatencyPredictor> byVersion =
        versions.computeIfAbsent(event.getDeviceClass(), c -> new TreeMap<>());
    boolean newest = byVersion.isEmpty() || event.getVersion() > byVersion.lastKey();
    if (byVersion.putIfAbsent(event.getVersion(), event) == null) {
      archive(event);
    }
    return newest;
  }

  public synchronized Set<String> classes() {
    return new TreeSet<>(versions.keySet());
  }

  /** The latest version of every class. */
  public synchronized Map<String, Long> latestVersions() {
    Map<String, Long> out = new TreeMap<>();
    versions.forEach((c, v) -> out.put(c, v.lastKey()));
    return out;
  }

  public synchronized boolean emulated(String deviceClass) {
    NavigableMap<Long, LatencyPredictor> v = versions.get(deviceClass);
    return v != null && v.lastEntry().getValue().getEmulated();
  }

  /**
   * The latest versions of the given classes.
   *
   * @throws IllegalArgumentException naming the classes without a predictor and the classes that have one
   */
  public synchronized Map<String, Long> latestVersions(List<String> classes) {
    Map<String, Long> out = new LinkedHashMap<>();
    List<String> missing = classes.stream().filter(c -> !versions.containsKey(c)).toList();
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("no latency predictor for device class(es) " + missing + " on "
          + "jointcs.predictors; latency models exist for " + (versions.isEmpty() ? "no class at all"
              : String.join(", ", classes())));
    }
    classes.forEach(c -> out.put(c, versions.get(c).lastKey()));
    return out;
  }

  /**
   * Latency models of exactly these versions (a search's pinned ones), each class at its batch size, and every
   * class also as an edge at each other batch size among them.
   */
  public LatencyModels models(Map<String, Long> pinned) {
    Map<String, BlockLatencyModel> out = new LinkedHashMap<>();
    pinned.forEach((c, v) -> out.put(c, model(c, v, batchSize(c))));
    Set<Integer> batches = new TreeSet<>();
    pinned.keySet().forEach(c -> batches.add(batchSize(c)));
    for (int b : batches) {
      if (b > 1) {
        pinned.forEach((c, v) -> out.putIfAbsent(DevicePlanner.batchedEdgeName(c, b), model(c, v, b)));
      }
    }
    return LatencyModels.of(out);
  }

  /** Latency models of the latest version of every class (what plans are made with). */
  public LatencyModels latestModels() {
    return models(latestVersions());
  }

  private BlockLatencyModel model(String deviceClass, long version, int batchSize) {
    return decoded.computeIfAbsent(deviceClass + "#" + version + "#b" + batchSize, k -> {
      LatencyPredictor event;
      synchronized (this) {
        NavigableMap<Long, LatencyPredictor> byVersion = versions.get(deviceClass);
        event = byVersion == null ? null : byVersion.get(version);
        if (event == null) {
          throw new IllegalArgumentException("latency predictor version " + version + " of device class '"
              + deviceClass + "' is neither on jointcs.predictors nor in the archive " + archive + "; known versions: "
              + (byVersion == null ? "none" : byVersion.keySet()));
        }
      }
      byte[] bytes = new byte[event.getModelBytes().remaining()];
      event.getModelBytes().duplicate().get(bytes);
      var trained = PredictorCodec.decode(bytes);
      if (!trained.predictor().deviceClass().equals(deviceClass)) {
        throw new IllegalArgumentException("the predictor published for device class '" + deviceClass + "' (version "
            + version + ") is a predictor of '" + trained.predictor().deviceClass() + "'");
      }
      return new PredictorLatencyModel(trained.predictor(), batchSize);
    });
  }

  private void archive(LatencyPredictor event) {
    if (archive == null) {
      return;
    }
    Path file = archive.resolve(URLEncoder.encode(event.getDeviceClass(), StandardCharsets.UTF_8))
        .resolve(event.getVersion() + ".avro");
    try {
      if (!Files.exists(file)) {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, CODEC.encode(event));
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (IOException e) {
      LOG.warnf("could not archive predictor %s v%d in %s: %s (a search pinned to it cannot resume once a newer "
          + "version replaces it on the topic)", event.getDeviceClass(), event.getVersion(), archive, e.getMessage());
    }
  }

  private void readArchive() {
    if (!Files.isDirectory(archive)) {
      return;
    }
    try (Stream<Path> files = Files.walk(archive, 2)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".avro")).toList()) {
        try {
          LatencyPredictor event = CODEC.decode(Files.readAllBytes(f));
          String dirClass = URLDecoder.decode(f.getParent().getFileName().toString(), StandardCharsets.UTF_8);
          if (dirClass.equals(event.getDeviceClass())) {
            versions.computeIfAbsent(event.getDeviceClass(), c -> new TreeMap<>())
                .putIfAbsent(event.getVersion(), event);
          }
        } catch (Exception e) {
          LOG.warnf("skipping archived predictor %s: %s", f, e.getMessage());
        }
      }
    } catch (IOException e) {
      LOG.warnf("could not read the predictor archive %s: %s", archive, e.getMessage());
    }
  }
}
