package io.jointcs.ingestion;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code jointcs.ingestion.*} in application.properties; every entry can be overridden by environment. */
@ConfigMapping(prefix = "jointcs.ingestion")
public interface IngestionConfig {

  /**
   * Device classes accepted from any device. Devices registered on {@code jointcs.devices} are accepted for
   * their registered class without being listed here.
   */
  Optional<List<String>> deviceClasses();

  /** Device id to the SHA-256 (64 lower-case hex) of its bearer token. */
  Map<String, String> deviceTokens();

  /** A file of {@code <device id> <sha256 hex>} lines (a mounted secret), read at start, merged with the above. */
  Optional<Path> deviceTokensFile();

  /** Most records one HTTP batch may hold (more: 413). */
  @WithDefault("1000")
  int maxBatchRecords();

  /** Largest telemetry record, HTTP or Kafka (larger: rejected as TOO_LARGE). Unit: bytes. */
  @WithDefault("65536")
  int maxRecordBytes();

  Statistics statistics();

  Network network();

  Drift drift();

  interface Statistics {
    /** Size of a latency statistics window (tumbling, by record time). */
    @WithDefault("60s")
    Duration window();

    /** How long after its end a window still takes late samples before it is emitted. */
    @WithDefault("10s")
    Duration grace();
  }

  interface Network {
    /** EWMA weight of the newest network sample. Unit: ratio 0..1. */
    @WithDefault("0.3")
    double smoothingFactor();

    /** Relative move of smoothed bandwidth or RTT that is a network change. Unit: ratio. */
    @WithDefault("0.2")
    double changeThreshold();

    /**
     * Consecutive samples that agree with each other and all lie beyond the change threshold from the smoothed
     * state, which move the state to their mean at once (a lasting step, not noise); 0 = moving average only.
     * Unit: count.
     */
    @WithDefault("2")
    int stepSamples();
  }

  interface Drift {
    /** |observed - predicted| / predicted beyond which drift is reported. Unit: ratio. */
    @WithDefault("0.25")
    double threshold();

    /** Samples a window needs before it is judged. Unit: count. */
    @WithDefault("3")
    long minSamples();
  }
}
