package io.jointcs.agent;

import io.jointcs.latency.profiling.DeviceClassConfig;
import io.jointcs.splitinference.EdgeAddress;
import io.jointcs.splitinference.LinkEmulation;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The device agent process. Every option can also come from the environment variable named in its description.
 *
 * <pre>
 * java -cp ... io.jointcs.agent.DeviceAgentMain --device-id pi-1 --device-class cpu-1t \
 *     --kafka localhost:9092 --artifact-url http://edge:8083 --local-edge --uplink-mbps 10 --rtt-ms 20
 * </pre>
 */
@Command(name = "jointcs-device-agent", mixinStandardHelpOptions = true, version = "jointcs-device-agent "
    + DeviceAgent.AGENT_VERSION, sortOptions = false,
    description = {"Registers this device, profiles layers and publishes telemetry, measures the uplink, follows "
        + "the device's deployment plan and runs split inference under it, publishing the latency it achieves.",
        "Runs until SIGTERM/Ctrl-C, then stops the edge it started and flushes telemetry."})
public final class DeviceAgentMain implements Callable<Integer> {
  static final int BAD_INPUT_EXIT_CODE = 2;

  @Option(names = "--device-id", defaultValue = "${env:JOINTCS_DEVICE_ID}",
      description = "stable id of this device ($JOINTCS_DEVICE_ID)")
  String deviceId;

  @Option(names = "--device-class", defaultValue = "${env:JOINTCS_DEVICE_CLASS:-cpu-1t}",
      description = "device class: a preset (cpu-1t, cpu-2t, cpu-1t-b8) or a new name with --threads/--batch "
          + "($JOINTCS_DEVICE_CLASS, default ${DEFAULT-VALUE})")
  String deviceClass;

  @Option(names = "--threads", description = "PyTorch intra-op threads of a non-preset device class")
  Integer threads;

  @Option(names = "--batch", description = "images per request of a non-preset device class")
  Integer batch;

  @Option(names = "--kafka", defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS}",
      description = "Kafka bootstrap servers: registration, telemetry and plans ($KAFKA_BOOTSTRAP_SERVERS); "
          + "registration needs Kafka")
  String kafka;

  @Option(names = "--ingestion-url", defaultValue = "${env:JOINTCS_INGESTION_URL}",
      description = "profiling-ingestion base URL: telemetry over HTTP instead of Kafka ($JOINTCS_INGESTION_URL)")
  URI ingestionUrl;

  @Option(names = "--ingestion-token", defaultValue = "${env:JOINTCS_INGESTION_TOKEN}",
      description = "bearer token of this device for ingestion ($JOINTCS_INGESTION_TOKEN)")
  String ingestionToken;

  @Option(names = "--orchestrator-url", defaultValue = "${env:JOINTCS_ORCHESTRATOR_URL}",
      description = "search-orchestration base URL: poll GET /plans/{deviceId} instead of Kafka "
          + "($JOINTCS_ORCHESTRATOR_URL)")
  URI orchestratorUrl;

  @Option(names = "--artifact-url", defaultValue = "${env:JOINTCS_ARTIFACT_URL}",
      description = "compression-execution base URL serving GET /artifacts/{sha256} ($JOINTCS_ARTIFACT_URL)")
  URI artifactUrl;

  @Option(names = "--artifact-store", defaultValue = "${env:JOINTCS_ARTIFACT_STORE}",
      description = "a local artifact store directory (<sha256>.jcsm files) ($JOINTCS_ARTIFACT_STORE)")
  Path artifactStore;

  @Option(names = "--cache-dir", description = "verified artifacts are kept here (default: "
      + "~/.cache/jointcs/agent/<device id>)")
  Path cacheDir;

  @Option(names = "--edge", description = "HOST:PORT of an edge server already serving the plan's tail")
  String edge;

  @Option(names = "--local-edge", description = "start a co-located edge JVM for each plan's tail (LOCAL-EDGE mode)")
  boolean localEdge;

  @Option(names = "--edge-threads", defaultValue = "1", description = "threads of a local edge (default ${DEFAULT-VALUE})")
  int edgeThreads;

  @Option(names = "--uplink-mbps", defaultValue = "0",
      description = "EMULATED uplink rate in Mbit/s (token bucket in the sender); 0 = unshaped (default)")
  double uplinkMbps;

  @Option(names = "--rtt-ms", defaultValue = "0", description = "EMULATED round-trip time added per request, ms")
  double rttMs;

  @Option(names = "--admin-port", defaultValue = "${env:JOINTCS_AGENT_ADMIN_PORT:-0}",
      description = "admin HTTP port (POST /link, GET /status); 0 = any free port, -1 = off")
  int adminPort;

  @Option(names = "--rate", defaultValue = "5", description = "split inference requests per second (default ${DEFAULT-VALUE})")
  double rate;

  @Option(names = "--images", description = "CIFAR-10 binary or ImageFolder directory for inputs (default: random)")
  Path images;

  @Option(names = "--profile-layers", defaultValue = "40",
      description = "layer configurations to time and publish after start (default ${DEFAULT-VALUE})")
  int profileLayers;

  @Option(names = "--profile-chunk", defaultValue = "5",
      description = "layers timed before yielding to split inference (default ${DEFAULT-VALUE})")
  int profileChunk;

  @Option(names = "--probe-interval-s", defaultValue = "10", description = "seconds between uplink probes")
  double probeIntervalSec;

  @Option(names = "--probe-bytes", defaultValue = "65536", description = "size of the large probe frame, bytes")
  int probeBytes;

  @Option(names = "--plan-poll-s", defaultValue = "2", description = "longest wait between looks at the plan, s")
  double planPollSec;

  @Option(names = "--report-s", defaultValue = "5", description = "latency report window, s")
  double reportSec;

  @Option(names = "--label", description = "operator label KEY=VALUE sent with the registration (repeatable)")
  Map<String, String> labels = new LinkedHashMap<>();

  @Option(names = "--emulated-slowdown", defaultValue = "1",
      description = "EMULATED slower device: profiled layer latencies and the head's compute stretched by this factor "
          + "(the head sleeps (F-1) times its compute); needs a device class name of its own, e.g. cpu-1t-slow10x; "
          + "every event says emulated (default ${DEFAULT-VALUE}: the real CPU)")
  double emulatedSlowdown;

  @Option(names = "--seed", defaultValue = "1", description = "random inputs and profiling sample")
  long seed;

  public static void main(String[] args) {
    CommandLine commandLine = new CommandLine(new DeviceAgentMain());
    commandLine.setExecutionExceptionHandler((e, cl, parsed) -> {
      if (e instanceof IllegalArgumentException || e instanceof java.io.IOException) {
        cl.getErr().println("error: " + e.getMessage());
        return BAD_INPUT_EXIT_CODE;
      }
      throw e;
    });
    System.exit(commandLine.execute(args));
  }

  /** The configuration these options describe. */
  AgentConfig config() {
    if ((edge == null) == !localEdge) {
      throw new IllegalArgumentException("give exactly one of --edge HOST:PORT and --local-edge");
    }
    EdgeMode mode = localEdge ? new EdgeMode.LocalEdge(edgeThreads) : new EdgeMode.Remote(EdgeAddress.parse(edge));
    if (uplinkMbps < 0 || !Double.isFinite(uplinkMbps)) {
      throw new IllegalArgumentException("--uplink-mbps must be >= 0, got " + uplinkMbps);
    }
    LinkEmulation link = new LinkEmulation(uplinkMbps == 0 ? Double.POSITIVE_INFINITY
        : LinkControl.mbpsToBytesPerSec(uplinkMbps), rttMs);
    Path cache = cacheDir != null ? cacheDir
        : Path.of(System.getProperty("user.home"), ".cache", "jointcs", "agent", deviceId);
    return new AgentConfig(deviceId, DeviceClassConfig.resolve(deviceClass, threads, null, batch), blankToNull(kafka),
        ingestionUrl, blankToNull(ingestionToken), orchestratorUrl, artifactUrl, artifactStore, cache, mode, link,
        adminPort, rate, images, profileLayers, profileChunk, Duration.ofMillis(2000), seconds(probeIntervalSec),
        probeBytes, seconds(planPollSec), seconds(reportSec), labels, seed, emulatedSlowdown);
  }

  private static Duration seconds(double s) {
    if (!(s > 0) || !Double.isFinite(s)) {
      throw new IllegalArgumentException("intervals must be > 0 s, got " + s);
    }
    return Duration.ofMillis(Math.round(s * 1000));
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  @Override
  public Integer call() throws Exception {
    AgentConfig config = config();
    DeviceAgent agent = DeviceAgent.start(config);
    agent.adminPort().ifPresent(port -> System.out.println("jointcs device agent " + config.deviceId()
        + " admin on port " + port)); // one line a launcher can wait for
    System.out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      agent.close();
      stopped.countDown();
    }, "device-agent-shutdown"));
    stopped.await();
    return 0;
  }
}
