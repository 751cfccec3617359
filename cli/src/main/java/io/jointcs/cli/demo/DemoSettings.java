package io.jointcs.cli.demo;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What one service-level demo run does and how long each phase may take.
 *
 * @param home the checkout (packaged services, pretrained base)
 * @param runDir logs, artifact store, predictor archive, report of this run
 * @param dataDir CIFAR-10 (binary or ImageFolder) for the executors' fine-tuning and validation and the agents' inputs
 * @param baseModel the FULL model artifact the search starts from
 * @param budget search and profiling sizes and phase timeouts
 * @param initialMbps EMULATED uplink of both agents at start, Mbit/s
 * @param loweredMbps EMULATED uplink the demo lowers one agent to, Mbit/s
 * @param rttMs EMULATED round-trip time added by the agents, ms
 * @param goalMs latency goal of the search and the plans, ms; null: {@link #DEFAULT_GOAL_SHARE} of the base model's
 *     predicted latency on its slowest target
 * @param networkChanges network changes the demo times: 1 is the demo's one lowering; more adds that many
 *     alternating changes after it, timed one by one (median and p99)
 * @param memory resident memory of every process idle, during the search and under ingestion load; null: not measured
 */
public record DemoSettings(Path home, Path runDir, Path dataDir, Path baseModel, Budget budget, double initialMbps,
    double loweredMbps, double rttMs, Double goalMs, int networkChanges, MemoryLoad memory) {

  /**
   * The default goal's share of the base model's predicted latency on the slowest (device class, uplink) target:
   * below the base model, so the search has to compress, and one search step of {@link #REDUCTION_STEP} reaches it;
   * the plans then take the most accurate model that meets it.
   */
  public static final double DEFAULT_GOAL_SHARE = 0.9;
  /** Latency reduction the search asks of each step. Unit: ratio. */
  public static final double REDUCTION_STEP = 0.1;

  public DemoSettings {
    if (goalMs != null && !(goalMs > 0 && Double.isFinite(goalMs))) {
      throw new IllegalArgumentException("--goal-ms must be > 0 ms, got " + goalMs);
    }
    if (networkChanges < 1) {
      throw new IllegalArgumentException("--network-changes must be >= 1, got " + networkChanges);
    }
  }

  /**
   * The memory measurement: idle after the services are ready, and under the load load-tests/run ingest drives.
   *
   * @param idle quiet time after every service is ready before the idle reading
   * @param loadRate records/s of the ingestion load
   * @param invalid share of malformed records, 0..1
   * @param loadDuration length of the load
   */
  public record MemoryLoad(Duration idle, double loadRate, double invalid, Duration loadDuration) {
    public MemoryLoad {
      if (!(loadRate > 0) || !(invalid >= 0 && invalid <= 1) || loadDuration.isNegative() || loadDuration.isZero()) {
        throw new IllegalArgumentException("memory load needs a rate > 0, an invalid share in [0, 1] and a duration"
            + " > 0, got " + loadRate + ", " + invalid + ", " + loadDuration);
      }
    }
  }

  /** Device A: this CPU as it is, one PyTorch thread (a real configuration). */
  public static final String DEVICE_CLASS_A = "cpu-1t";
  /**
   * Device B: one thread with its compute EMULATED 10x slower (a Raspberry-Pi-class device next to this machine as
   * the edge). On one machine a real configuration is never much slower than the co-located edge, and then the best
   * cut is always "everything on the device", whatever the bandwidth; the emulated class is what makes offloading
   * pay and a bandwidth drop move the cut. Its events all carry emulated = true.
   */
  public static final String DEVICE_CLASS_B = "cpu-1t-slow10x";
  public static final double SLOWDOWN_B = 10;
  /** The agents' co-located edge JVMs run one PyTorch thread: the edge is a cpu-1t configuration. */
  public static final String EDGE_CLASS = "cpu-1t";

  /**
   * Sizes and timeouts.
   *
   * @param profileLayers layer configurations each agent times and publishes after start
   * @param minFirstTrainingSamples training samples a class needs before its first predictor (predictor-training)
   * @param minHoldoutSamples held-out samples a predictor is judged on
   * @param searchSteps most progressive-search steps
   * @param searchWallTime wall-time budget of the search (checked before each batch of candidates)
   * @param fineTuneSteps optimizer steps of each candidate's fine-tune (the last model gets 4x)
   * @param fineTuneBatch images per fine-tuning step
   * @param validationImages images each candidate is validated on
   * @param recalibrationBatches batches of batch-norm recalibration per candidate
   * @param probeIntervalSec seconds between two uplink probes of an agent
   * @param startTimeout longest wait for a service to answer ready
   * @param predictorTimeout longest wait for the first predictors
   * @param searchTimeout longest wait for the search to end
   * @param planTimeout longest wait for each device's first plan, and for the re-segmentation
   */
  public record Budget(String name, int profileLayers, int minFirstTrainingSamples, int minHoldoutSamples,
      int searchSteps, Duration searchWallTime, int fineTuneSteps, int fineTuneBatch, int validationImages,
      int recalibrationBatches, double probeIntervalSec, Duration startTimeout, Duration predictorTimeout,
      Duration searchTimeout, Duration planTimeout) {

    /** About 3 minutes on a 2-core machine: one search step, small fine-tunes, few profiled layers. */
    public static Budget quick() {
      return new Budget("quick", 60, 40, 8, 1, Duration.ofSeconds(45), 4, 16, 200, 2, 2, Duration.ofSeconds(150),
          Duration.ofSeconds(120), Duration.ofSeconds(150), Duration.ofSeconds(60));
    }

    /** About 10 minutes on a 2-core machine. */
    public static Budget full() {
      return new Budget("full", 200, 150, 30, 3, Duration.ofSeconds(240), 20, 64, 1000, 10, 3,
          Duration.ofSeconds(240), Duration.ofSeconds(240), Duration.ofSeconds(420), Duration.ofSeconds(90));
    }
  }
}
