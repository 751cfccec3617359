package io.jointcs.cli;

import ai.djl.ndarray.NDManager;
import io.jointcs.artifact.ArtifactStore;
import io.jointcs.artifact.ModelArtifact;
import io.jointcs.data.LabeledImages;
import io.jointcs.latency.profiling.DeviceClassConfig;
import io.jointcs.latency.profiling.EngineThreads;
import io.jointcs.model.Network;
import io.jointcs.search.SeriesEntry;
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
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs plans for real: the head of a series entry on this JVM as the device class runs it (its threads, its batch,
 * the EMULATED slowdown if any), the tail in its own edge JVM, the cut tensor over the shaped uplink of the target.
 * A plan that several methods share (the same widths, quantization and cut on the same target) runs once.
 */
final class PlanMeasurements {
  /**
   * One plan measured.
   *
   * @param requests measured requests of {@code batchSize} images each; latencies are per request
   */
  record Measured(String target, List<Integer> widths, CutQuantization quantization, int cutPoint, int batchSize,
      int requests, double predictedMs, double measuredP50Ms, double measuredP90Ms) {}

  private record Key(String target, List<Integer> widths, CutQuantization quantization, int cutPoint) {}

  private final ArtifactStore store;
  private final String baseArtifact;
  private final LabeledImages images;
  private final int requests;
  private final int warmup;
  private final double slowdown;
  private final Path workDir;
  private final PrintStream progress;
  private final Map<Key, Measured> done = new HashMap<>();

  PlanMeasurements(ArtifactStore store, String baseArtifact, LabeledImages images, int requests, int warmup,
      double slowdown, Path workDir, PrintStream progress) {
    if (requests < 1 || warmup < 0) {
      throw new IllegalArgumentException("measuring plans needs >= 1 request and >= 0 warm-up, got " + requests
          + " and " + warmup);
    }
    this.store = store;
    this.baseArtifact = baseArtifact;
    this.images = images;
    this.requests = requests;
    this.warmup = warmup;
    this.slowdown = slowdown;
    this.workDir = workDir;
    this.progress = progress;
  }

  /** The entry's plan on the target, measured (or the earlier measurement of the same plan). */
  Measured measure(SeriesEntry entry, TargetSpec target, DeviceClassConfig device) throws IOException {
    TargetCut cut = entry.cut(target.name());
    Key key = new Key(target.name(), entry.spec().widths(), entry.quantization(), cut.cutPoint());
    Measured earlier = done.get(key);
    if (earlier != null) {
      return earlier;
    }
    String weights = entry.finalFineTune() != null ? entry.finalFineTune().artifact()
        : entry.artifact().isEmpty() ? baseArtifact : entry.artifact();
    // the head runs on this JVM with the device class's threads; the edge JVM gets the same count
    EngineThreads.apply(device.intraOpThreads(), device.interOpThreads());
    BenchmarkSettings settings = new BenchmarkSettings(LinkEmulation.of(target.network().condition()), requests,
        warmup, device.batchSize(), new DeviceSlowdown(slowdown));
    SplitInferenceBenchmark benchmark = new SplitInferenceBenchmark(settings, progress);
    SplitInferenceReport report;
    try (NDManager manager = NDManager.newBaseManager();
        Network network = store.loadNetwork(weights, manager)) {
      int blocks = network.plan().blockCount();
      // the quantization only matters where a tensor crosses the network
      CutQuantization quantization = cut.cutPoint() < blocks ? entry.quantization() : CutQuantization.NONE;
      SplitModel split = SplitModel.split(network, cut.cutPoint(), quantization);
      ModelArtifact head = ModelArtifact.of(split.head());
      if (cut.cutPoint() == blocks) {
        report = benchmark.runLocally(head, images);
      } else {
        Files.createDirectories(workDir);
        Path tail = ModelArtifact.of(split.tail()).writeFile(workDir);
        report = benchmark.run(head, tail, EdgeProcess.Options.defaults().withThreads(device.intraOpThreads()),
            images);
      }
    }
    Measured measured = new Measured(target.name(), entry.spec().widths(), entry.quantization(), cut.cutPoint(),
        device.batchSize(), requests, cut.latencyMs(), report.endToEnd().p50Ms(), report.endToEnd().p90Ms());
    if (progress != null) {
      progress.printf(Locale.ROOT, "  %s cut %d: predicted %.1f ms, measured p50 %.1f ms%n", target.name(),
          cut.cutPoint(), cut.latencyMs(), measured.measuredP50Ms());
    }
    done.put(key, measured);
    return measured;
  }

  /** The measurement of the entry's plan on the named target, null if it was not measured. */
  Measured lookup(SeriesEntry entry, String target) {
    return done.get(new Key(target, entry.spec().widths(), entry.quantization(), entry.cut(target).cutPoint()));
  }

  int plansRun() {
    return done.size();
  }
}
