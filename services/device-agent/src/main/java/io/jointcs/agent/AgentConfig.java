package io.jointcs.agent;

import io.jointcs.latency.profiling.DeviceClassConfig;
import io.jointcs.splitinference.LinkEmulation;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a device agent is configured with (see {@link DeviceAgentMain} for the options).
 *
 * @param deviceId stable id of this device: Kafka key of its registration, telemetry and plan
 * @param deviceClass the real configuration the device runs (PyTorch threads, batch size)
 * @param kafkaBootstrapServers Kafka for registration, telemetry and plans; null when the device has no Kafka client
 * @param ingestionUrl profiling-ingestion base URL for telemetry over HTTP ({@code POST /telemetry}); null for Kafka
 * @param ingestionToken the device's bearer token for ingestion
 * @param orchestratorUrl search-orchestration base URL for plans over HTTP ({@code GET /plans/{deviceId}}); null
 *     to follow jointcs.plans on Kafka
 * @param artifactUrl compression-execution base URL ({@code GET /artifacts/{sha256}}); null when artifactStore is set
 * @param artifactStore a local content-addressed artifact directory ({@code <sha256>.jcsm}); null for HTTP
 * @param cacheDir where downloaded, verified artifacts are kept
 * @param edge where the tail runs
 * @param initialLink the uplink emulated at start (unshaped and no delay: the real network)
 * @param adminPort admin HTTP port ({@code POST /link}, {@code GET /status}); 0 picks a free one, -1 turns it off
 * @param requestsPerSec split inference requests per second (closed loop: never more than one in flight)
 * @param imagesDir CIFAR-10 binary or ImageFolder data set to take inputs from; null for random CIFAR-sized inputs
 * @param profileLayers layer configurations to time and publish after start (0: none)
 * @param profileChunk layers timed between two yields to split inference, which bounds how long profiling holds
 *     the CPU
 * @param profilerWarmUp JVM warm-up before the first timing
 * @param probeInterval time between two uplink measurements
 * @param probeBytes padding of the large probe frame
 * @param planPollInterval longest wait between two looks at the plan
 * @param latencyReportInterval window of the published latency samples
 * @param labels operator labels sent with the registration
 * @param seed random inputs and the profiling sample
 * @param emulatedSlowdown EMULATED slower device: profiled layer latencies and the head's compute are stretched by
 *     this factor (1 = the real CPU); every event of the device then says it is emulated
 */
record AgentConfig(
    String deviceId,
    DeviceClassConfig deviceClass,
    String kafkaBootstrapServers,
    URI ingestionUrl,
    String ingestionToken,
    URI orchestratorUrl,
    URI artifactUrl,
    Path artifactStore,
    Path cacheDir,
    EdgeMode edge,
    LinkEmulation initialLink,
    int adminPort,
    double requestsPerSec,
    Path imagesDir,
    int profileLayers,
    int profileChunk,
    Duration profilerWarmUp,
    Duration probeInterval,
    int probeBytes,
    Duration planPollInterval,
    Duration latencyReportInterval,
    Map<String, String> labels,
    long seed,
    double emulatedSlowdown) {

  /** A device that emulates nothing but (possibly) its uplink. */
  AgentConfig(String deviceId, DeviceClassConfig deviceClass, String kafkaBootstrapServers, URI ingestionUrl,
      String ingestionToken, URI orchestratorUrl, URI artifactUrl, Path artifactStore, Path cacheDir, EdgeMode edge,
      LinkEmulation initialLink, int adminPort, double requestsPerSec, Path imagesDir, int profileLayers,
      int profileChunk, Duration profilerWarmUp, Duration probeInterval, int probeBytes, Duration planPollInterval,
      Duration latencyReportInterval, Map<String, String> labels, long seed) {
    this(deviceId, deviceClass, kafkaBootstrapServers, ingestionUrl, ingestionToken, orchestratorUrl, artifactUrl,
        artifactStore, cacheDir, edge, initialLink, adminPort, requestsPerSec, imagesDir, profileLayers, profileChunk,
        profilerWarmUp, probeInterval, probeBytes, planPollInterval, latencyReportInterval, labels, seed, 1.0);
  }

  AgentConfig {
    if (deviceId == null || !deviceId.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}")) {
      throw new IllegalArgumentException("device id '" + deviceId + "' must be 1-128 characters of letters, digits, "
          + "'.', '_', '-', starting with a letter or digit");
    }
    Objects.requireNonNull(deviceClass, "device class");
    Objects.requireNonNull(edge, "edge mode");
    Objects.requireNonNull(initialLink, "initial link");
    Objects.requireNonNull(cacheDir, "cache dir");
    if (kafkaBootstrapServers == null && ingestionUrl == null) {
      throw new IllegalArgumentException("telemetry needs a route: --kafka HOST:PORT or --ingestion-url URL");
    }
    if (ingestionUrl != null && (ingestionToken == null || ingestionToken.isBlank())) {
      throw new IllegalArgumentException("--ingestion-url needs the device's bearer token (--ingestion-token or "
          + "$JOINTCS_INGESTION_TOKEN)");
    }
    if (kafkaBootstrapServers == null && orchestratorUrl == null) {
      throw new IllegalArgumentException("the plan needs a route: --kafka HOST:PORT or --orchestrator-url URL");
    }
    if (artifactUrl == null && artifactStore == null) {
      throw new IllegalArgumentException("artifacts need a source: --artifact-url URL or --artifact-store DIR");
    }
    if (adminPort < -1 || adminPort > 65535) {
      throw new IllegalArgumentException("--admin-port must be -1 (off), 0 (any) or a port, got " + adminPort);
    }
    if (!(requestsPerSec > 0) || !Double.isFinite(requestsPerSec)) {
      throw new IllegalArgumentException("--rate must be > 0 requests/s, got " + requestsPerSec);
    }
    if (profileLayers < 0 || profileChunk < 1) {
      throw new IllegalArgumentException("--profile-layers must be >= 0 and --profile-chunk >= 1");
    }
    if (probeBytes < 1024) {
      throw new IllegalArgumentException("--probe-bytes must be >= 1024, got " + probeBytes);
    }
    for (Duration d : new Duration[] {profilerWarmUp, probeInterval, planPollInterval, latencyReportInterval}) {
      if (d == null || d.isNegative() || (d != profilerWarmUp && d.isZero())) {
        throw new IllegalArgumentException("intervals must be > 0, got " + d);
      }
    }
    labels = Map.copyOf(labels);
    if (!Double.isFinite(emulatedSlowdown) || emulatedSlowdown < 1) {
      throw new IllegalArgumentException("--emulated-slowdown must be a finite factor >= 1, got " + emulatedSlowdown);
    }
    if (emulatedSlowdown > 1 && DeviceClassConfig.preset(deviceClass.name()).isPresent()) {
      // samples filed under a preset class must be that real configuration's
      throw new IllegalArgumentException("--emulated-slowdown needs a device class of its own (e.g. "
          + deviceClass.name() + "-slow" + Math.round(emulatedSlowdown) + "x), not the preset " + deviceClass.name());
    }
  }

  boolean emulatesSlowdown() {
    return emulatedSlowdown > 1;
  }

  /** Kafka carries telemetry unless an ingestion URL is given. */
  boolean telemetryOverHttp() {
    return ingestionUrl != null;
  }

  boolean plansOverHttp() {
    return orchestratorUrl != null;
  }
}
