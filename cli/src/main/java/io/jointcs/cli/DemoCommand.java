package io.jointcs.cli;

import ai.djl.ndarray.NDManager;
import io.jointcs.artifact.ModelArtifact;
import io.jointcs.cli.demo.DemoFailure;
import io.jointcs.cli.demo.DemoReport;
import io.jointcs.cli.demo.DemoReportPrinter;
import io.jointcs.cli.demo.DemoSettings;
import io.jointcs.cli.demo.ServiceDemo;
import io.jointcs.data.LabeledImages;
import io.jointcs.data.ValidationSplit;
import io.jointcs.json.Json;
import io.jointcs.latency.profiling.CleanRunTimer;
import io.jointcs.latency.profiling.DeviceClassConfig;
import io.jointcs.latency.profiling.ModelProfileOptions;
import io.jointcs.latency.profiling.ProfileRecord;
import io.jointcs.latency.profiling.Profiler;
import io.jointcs.latency.profiling.RangeProfile;
import io.jointcs.latency.profiling.RangeScope;
import io.jointcs.model.ModelSpec;
import io.jointcs.model.Network;
import io.jointcs.model.NetworkPlan;
import io.jointcs.pruning.CompressionRecipe;
import io.jointcs.pruning.Compressor;
import io.jointcs.pruning.L1NormRanking;
import io.jointcs.search.BlockLatencyModel;
import io.jointcs.search.EndToEndLatency;
import io.jointcs.search.LatencyGoal;
import io.jointcs.search.NetworkLink;
import io.jointcs.search.Target;
import io.jointcs.search.TargetCut;
import io.jointcs.search.TargetSpec;
import io.jointcs.segmentation.CutQuantization;
import io.jointcs.segmentation.SplitModel;
import io.jointcs.splitinference.BenchmarkSettings;
import io.jointcs.splitinference.DeviceSlowdown;
import io.jointcs.splitinference.EdgeProcess;
import io.jointcs.splitinference.LinkEmulation;
import io.jointcs.splitinference.SplitInferenceBenchmark;
import io.jointcs.splitinference.SplitInferenceReport;
import io.jointcs.training.Checkpoints;
import io.jointcs.training.Evaluator;
import io.jointcs.training.TrainingState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code jointcs demo}: by default the platform for real on this machine (embedded broker, the four services and two
 * device agents as separate JVMs: a joint search, plans, automatic re-segmentation; {@link ServiceDemo}). With
 * {@code --without-services} the library-level demo: compression and segmentation of the pretrained ResNet-20,
 * measured for real. That one prunes to two widths (recalibrated, fine-tuned, validated), measures each block's
 * latency on this machine, picks the best cut for three uplinks with the DESIGN objective, then runs that split for
 * real (edge in its own JVM, shaped uplink) and reports measured against predicted end-to-end latency.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"The platform on this machine: an embedded Kafka broker, the four services and two device agents "
        + "(class cpu-1t, and cpu-1t-slow10x: the same CPU EMULATED 10x slower) as separate JVMs; a joint search of "
        + "the pretrained ResNet-20 on CIFAR-10, "
        + "the plans of both devices, then one agent's EMULATED uplink is lowered and the automatic "
        + "re-segmentation is timed. Logs of every process go to runs/demo-<time>/logs; everything started is "
        + "stopped at the end, on failure and on Ctrl-C.",
        "--without-services: the library-level demo instead (prune, profile, split, run each split for real).",
        "--network-changes [N] and --measure-memory add the reaction-time and resident-memory measurements "
            + "(docs/services.md#measured).",
        "--data and --download apply to both; --split, --limit, --val-*, --threads and --device-slowdown to "
            + "--without-services only."})
final class DemoCommand implements Callable<Integer> {
  static final String BASE_ARTIFACT = "dnn/pretrained/resnet20-cifar10/resnet20-cifar10.jcsm";
  static final String BASE_CHECKPOINT = "dnn/pretrained/resnet20-cifar10/training";
  static final double[] KEEP_RATIOS = {1.0, 0.75, 0.5};
  static final double[] UPLINK_MBIT = {1, 10, 50};
  static final double RTT_MS = 20;

  @Option(names = "--quick", description = "smaller search budget, fewer validation images and profiled layers (about "
      + "3 minutes; with --without-services: smaller validation subset, fine-tuning budget and request counts)")
  boolean quick;

  @Option(names = "--without-services", description = "the library-level demo: compress, profile, split and run each "
      + "split for real, in this process and one edge JVM (no Kafka, no services)")
  boolean withoutServices;

  @Option(names = "--uplink-mbps", defaultValue = "50", description = "EMULATED uplink of both agents at start, "
      + "Mbit/s (default: ${DEFAULT-VALUE})")
  double uplinkMbps;

  @Option(names = "--lowered-mbps", defaultValue = "2", description = "EMULATED uplink one agent is lowered to, "
      + "Mbit/s (default: ${DEFAULT-VALUE})")
  double loweredMbps;

  @Option(names = "--rtt-ms", defaultValue = "5", description = "EMULATED round-trip time of the agents' uplinks, ms "
      + "(default: ${DEFAULT-VALUE})")
  double rttMs;

  @Option(names = "--goal-ms", description = "latency goal of the search and the plans, ms (default: "
      + "90%% of the base model's predicted latency on its slowest target, by the published predictors: one search "
      + "step reaches it, and the plans take the most accurate model that meets it)")
  Double goalMs;

  @Option(names = "--network-changes", arity = "0..1", defaultValue = "1", fallbackValue = "20",
      paramLabel = "N", description = "reaction-time measurement: after the demo's one lowering, N alternating "
      + "changes of the same agent's uplink, each timed (link change and NetworkChange event to the new plan on "
      + "jointcs.plans), with their median and p99; reaction.json and reaction.svg in the run directory. Without N: "
      + "20. Without the option: only the demo's one change")
  int networkChanges;

  @Option(names = "--measure-memory", description = "resident memory (VmRSS) of the services and the broker: idle "
      + "after start, during the search, and under ingestion load driven by load-tests/run ingest")
  boolean measureMemory;

  @Option(names = "--memory-load-rate", defaultValue = "500", description = "with --measure-memory: telemetry "
      + "records/s of the load, 10%% of them invalid (default: ${DEFAULT-VALUE})")
  double memoryLoadRate;

  @Option(names = "--memory-load-s", defaultValue = "30", description = "with --measure-memory: seconds of load "
      + "(default: ${DEFAULT-VALUE})")
  int memoryLoadSec;

  @Option(names = "--base", description = "FULL model artifact to start from (default: the committed pretrained ResNet-20)")
  Path base;

  @Option(names = "--out", description = "directory for the report and artifacts (default: runs/demo-<time>)")
  Path out;

  @Option(names = "--device-slowdown", defaultValue = "15", description = "with --without-services: EMULATED "
      + "device: this CPU's compute "
      + "stretched by this factor, a Raspberry-Pi-class device next to this machine as the edge; 1 = no emulation "
      + "(default: ${DEFAULT-VALUE})")
  double deviceSlowdown;

  @Option(names = "--json", description = "print the report as JSON") boolean json;

  @Mixin DataOptions data;
  @Mixin EngineOptions engine;

  record Variant(double keepRatio, List<Integer> widths, long macs, double accuracy, int validationImages) {}

  record SplitRun(double keepRatio, String link, int bestCut, int blockCount, long cutBytes, double predictedMs,
      double measuredP50Ms, double measuredP90Ms, double measuredOverPredicted, double allOnDeviceMs,
      double uploadInputMs) {}

  record Report(String base, String baseNote, String dataset, List<Variant> variants, List<SplitRun> splits,
      String latencyNote) {}

  @Override
  public Integer call() throws Exception {
    Path home = Path.of(System.getProperty("jointcs.home", "."));
    Path runDir = out != null ? out : home.resolve("runs").resolve("demo-"
        + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    Files.createDirectories(runDir);
    return withoutServices ? libraryDemo(home, runDir) : serviceDemo(home, runDir);
  }

  /** The platform demo: services and agents as separate JVMs. */
  private int serviceDemo(Path home, Path runDir) throws Exception {
    for (double v : new double[] {uplinkMbps, loweredMbps}) {
      if (!(v > 0) || !Double.isFinite(v)) {
        throw new IllegalArgumentException("--uplink-mbps and --lowered-mbps must be > 0 Mbit/s, got " + v);
      }
    }
    if (!(rttMs >= 0) || !Double.isFinite(rttMs)) {
      throw new IllegalArgumentException("--rtt-ms must be >= 0 ms, got " + rttMs);
    }
    Path dataDir = data.root(); // --data, $JOINTCS_DATA or the datasets cache; --download fetches it
    Path baseModel = base != null ? base : home.resolve(BASE_ARTIFACT);
    if (!Files.isRegularFile(baseModel)) {
      throw new IllegalArgumentException("no base model at " + baseModel + ": pass --base MODEL.jcsm (a FULL model "
          + "artifact, e.g. from ./jointcs export)");
    }
    long t0 = System.nanoTime();
    DemoSettings settings = new DemoSettings(home, runDir, dataDir, baseModel,
        quick ? DemoSettings.Budget.quick() : DemoSettings.Budget.full(), uplinkMbps, loweredMbps, rttMs, goalMs,
        networkChanges, measureMemory ? new DemoSettings.MemoryLoad(java.time.Duration.ofSeconds(10), memoryLoadRate,
            0.1, java.time.Duration.ofSeconds(memoryLoadSec)) : null);
    System.err.printf("jointcs demo (%s): run directory %s, data %s%n", settings.budget().name(), runDir, dataDir);
    DemoReport report;
    try {
      report = new ServiceDemo(settings, System.err).run();
    } catch (DemoFailure e) {
      System.err.println("demo FAILED: " + e.getMessage());
      System.err.println("logs of every process: " + runDir.resolve("logs"));
      return 1;
    }
    Json.mapper().writeValue(runDir.resolve("demo-report.json").toFile(), report);
    if (json) {
      System.out.println(Json.mapper().writeValueAsString(report));
    } else {
      DemoReportPrinter.print(report, System.out);
    }
    System.err.printf(Locale.ROOT, "demo finished in %.0f s%n", (System.nanoTime() - t0) / 1e9);
    return 0;
  }

  private int libraryDemo(Path home, Path runDir) throws Exception {
    engine.apply();
    System.err.println("[1/4] loading data and the base model");
    ValidationSplit.Parts parts = data.loadTrainAndValidation();
    LabeledImages validation = quick ? parts.validation().stratifiedSample(1000, "demo") : parts.validation();
    String[] baseNote = {""};
    ModelArtifact baseArtifact = loadBase(home, baseNote);
    CompressionRecipe recipe = quick
        ? new CompressionRecipe(L1NormRanking.gammaScaled(), 10, 2048, 1, 0.02, 0, 1)
        : new CompressionRecipe(L1NormRanking.gammaScaled(), 40, 10_000, 1, 0.02, 0, 1);
    List<Variant> variants = new ArrayList<>();
    List<SplitRun> splits = new ArrayList<>();
    try (NDManager manager = NDManager.newBaseManager();
        Network baseNetwork = baseArtifact.loadNetwork(manager)) {
      for (double keep : KEEP_RATIOS) {
        System.err.printf(Locale.ROOT, "[2/4] %s: %.0f%% of every channel group%n",
            keep == 1.0 ? "base model" : "compressing", 100 * keep);
        Network network;
        double accuracy;
        if (keep == 1.0) {
          network = baseNetwork;
          accuracy = Evaluator.evaluate(baseNetwork, validation, System.err).top1();
        } else {
          ModelSpec target = ModelSpec.uniformlyScaled(baseNetwork.spec().architecture(),
              baseNetwork.spec().numClasses(), keep);
          Compressor.Outcome outcome = Compressor.compress(baseNetwork, target, parts.train(), validation, recipe,
              manager);
          network = outcome.network();
          accuracy = outcome.accuracy();
        }
        try {
          variants.add(new Variant(keep, network.spec().widths(), network.plan().macs(), accuracy, validation.size()));
          System.err.printf(Locale.ROOT, "[3/4] measuring every block of the %.0f%% model on this machine%n", 100 * keep);
          double[] blockMs = measureBlocks(network.spec());
          for (double mbit : UPLINK_MBIT) {
            splits.add(runSplit(network, keep, blockMs, mbit, validation, runDir));
          }
        } finally {
          if (network != baseNetwork) {
            network.close();
          }
        }
      }
    }
    Report report = new Report(baseArtifact.sha256(), baseNote[0], data.root().toString(), variants, splits,
        (deviceSlowdown > 1 ? String.format(Locale.ROOT, "the device is EMULATED: this CPU with its compute stretched "
            + "x%.0f (a Raspberry-Pi-class device; --device-slowdown 1 turns emulation off); ", deviceSlowdown)
            : "the device is this CPU as it is; ")
            + "the edge is this CPU in its own process; " + engine.threads + " thread(s) each; the uplink is shaped by "
            + "a token bucket and the round trip is emulated (" + (int) RTT_MS + " ms)");
    Json.mapper().writeValue(runDir.resolve("demo-report.json").toFile(), report);
    if (json) {
      System.out.println(Json.mapper().writeValueAsString(report));
    } else {
      print(report, runDir);
    }
    return 0;
  }

  private ModelArtifact loadBase(Path home, String[] note) throws Exception {
    if (base != null) {
      return ModelArtifact.readFile(base);
    }
    Path artifact = home.resolve(BASE_ARTIFACT);
    if (Files.isRegularFile(artifact)) {
      return ModelArtifact.readFile(artifact);
    }
    Path checkpoint = home.resolve(BASE_CHECKPOINT);
    TrainingState state = Checkpoints.readState(checkpoint).orElseThrow(() -> new IllegalStateException(
        "no pretrained base model: neither " + artifact + " nor a training checkpoint in " + checkpoint
            + " exists; train one with ./jointcs train --checkpoint " + checkpoint + " --out " + artifact));
    note[0] = String.format(Locale.ROOT, "the pretrained base is still training: using its checkpoint at step %d of %d "
        + "(epoch %.1f of %d)", state.globalStep(), state.totalSteps(), (double) state.globalStep()
        / state.stepsPerEpoch(), state.config().epochs());
    System.err.println("note: " + note[0]);
    try (NDManager manager = NDManager.newBaseManager()) {
      return ModelArtifact.fromCheckpoint(checkpoint, manager);
    }
  }

  /** Median latency of each block for one image on this machine, timed by the profiler. */
  private double[] measureBlocks(ModelSpec spec) {
    DeviceClassConfig config = DeviceClassConfig.resolve("cpu-" + engine.threads + "t", engine.threads, null, null);
    List<ProfileRecord> records = new Profiler(CleanRunTimer.modelProfiling(), 1)
        .profileModels(List.of(spec), config, new ModelProfileOptions(true, false), null);
    double[] blockMs = new double[spec.plan().blockCount() + 1];
    for (ProfileRecord record : records) {
      if (record instanceof RangeProfile range && range.scope() == RangeScope.BLOCK) {
        blockMs[range.toCut()] = range.latencyMs();
      }
    }
    return blockMs;
  }

  private SplitRun runSplit(Network network, double keep, double[] blockMs, double mbit, LabeledImages images,
      Path runDir) throws Exception {
    NetworkPlan plan = network.plan();
    BlockLatencyModel edge = (p, first, last) -> {
      double sum = 0;
      for (int b = first; b <= last; b++) {
        sum += blockMs[b];
      }
      return sum;
    };
    BlockLatencyModel device = (p, first, last) -> deviceSlowdown * edge.blocksMs(p, first, last);
    String linkName = String.format(Locale.ROOT, "%.0fMbit", mbit);
    NetworkLink link = NetworkLink.ofMbps(linkName, mbit, RTT_MS);
    Target target = new Target(TargetSpec.of(deviceName(), "this-cpu", link, LatencyGoal.absoluteMs(1e9)), device,
        edge);
    List<TargetCut> all = EndToEndLatency.allCuts(plan, target, CutQuantization.NONE);
    TargetCut best = EndToEndLatency.bestCut(plan, target, CutQuantization.NONE);
    System.err.printf(Locale.ROOT, "[4/4] %.0f%% model at %s: best cut %d of %d, predicted %.1f ms; running it%n",
        100 * keep, linkName, best.cutPoint(), plan.blockCount(), best.latencyMs());
    LinkEmulation emulation = LinkEmulation.of(link.condition());
    int requests = quick ? 20 : 60;
    SplitInferenceBenchmark benchmark = new SplitInferenceBenchmark(new BenchmarkSettings(emulation, requests, 5, 1,
        new DeviceSlowdown(deviceSlowdown)), null);
    SplitModel split = SplitModel.split(network, best.cutPoint(), CutQuantization.NONE);
    ModelArtifact head = ModelArtifact.of(split.head());
    SplitInferenceReport report;
    if (best.cutPoint() == plan.blockCount()) {
      report = benchmark.runLocally(head, images);
    } else {
      Path tail = ModelArtifact.of(split.tail()).writeFile(runDir);
      report = benchmark.run(head, tail, EdgeProcess.Options.defaults().withThreads(engine.threads), images);
    }
    return new SplitRun(keep, linkName, best.cutPoint(), plan.blockCount(), best.cutBytes(), best.latencyMs(),
        report.endToEnd().p50Ms(), report.endToEnd().p90Ms(), report.endToEnd().p50Ms() / best.latencyMs(),
        all.get(all.size() - 1).latencyMs(), all.get(0).latencyMs());
  }

  private String deviceName() {
    return deviceSlowdown > 1 ? String.format(Locale.ROOT, "emulated-x%.0f", deviceSlowdown) : "this-cpu";
  }

  private static void print(Report report, Path runDir) {
    System.out.println();
    if (!report.baseNote().isEmpty()) {
      System.out.println("NOTE: " + report.baseNote());
    }
    System.out.println("Compression (ResNet-20, CIFAR-10 validation split):");
    System.out.println("| kept | MACs (M) | top-1 |");
    System.out.println("|---|---|---|");
    for (Variant v : report.variants()) {
      System.out.printf(Locale.ROOT, "| %.0f%% | %.1f | %.4f |%n", 100 * v.keepRatio(), v.macs() / 1e6, v.accuracy());
    }
    System.out.println();
    System.out.println("Segmentation at the best cut, predicted from measured block latencies, then run for real:");
    System.out.println("| kept | uplink | best cut | cut KB | predicted ms | measured p50 ms | p90 ms | all on device ms "
        + "| upload input ms |");
    System.out.println("|---|---|---|---|---|---|---|---|---|");
    for (SplitRun s : report.splits()) {
      System.out.printf(Locale.ROOT, "| %.0f%% | %s | %d/%d | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f |%n",
          100 * s.keepRatio(), s.link(), s.bestCut(), s.blockCount(), s.cutBytes() / 1024.0, s.predictedMs(),
          s.measuredP50Ms(), s.measuredP90Ms(), s.allOnDeviceMs(), s.uploadInputMs());
    }
    System.out.println();
    System.out.println(report.latencyNote() + ".");
    System.out.println("Report: " + runDir.resolve("demo-report.json"));
  }
}
