package io.jointcs.cli;

import ai.djl.ndarray.NDManager;
import io.jointcs.artifact.ArtifactKind;
import io.jointcs.artifact.ModelArtifact;
import io.jointcs.data.LabeledImages;
import io.jointcs.data.SyntheticImages;
import io.jointcs.json.Json;
import io.jointcs.model.Architecture;
import io.jointcs.model.ModelSpec;
import io.jointcs.model.Network;
import io.jointcs.segmentation.CutQuantization;
import io.jointcs.segmentation.Head;
import io.jointcs.splitinference.ArtifactFiles;
import io.jointcs.splitinference.BenchmarkSettings;
import io.jointcs.splitinference.EdgeAddress;
import io.jointcs.splitinference.EdgeProcess;
import io.jointcs.splitinference.EdgeServer;
import io.jointcs.splitinference.EdgeServerMain;
import io.jointcs.splitinference.LinkEmulation;
import io.jointcs.splitinference.SplitInferenceBenchmark;
import io.jointcs.splitinference.SplitInferenceReport;
import io.jointcs.splitinference.SplitSweep;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code jointcs split}: split inference executed for real, the device part and the edge part in
 * separate processes, the cut tensor sent over a socket at a shaped bandwidth.
 */
@Command(name = "split", mixinStandardHelpOptions = true,
    description = {"Split inference for real: the head of a split model on this (device) process, the tail on an "
        + "edge server process, the cut tensor over TCP through an emulated link (token-bucket uplink bandwidth, "
        + "round-trip delay).",
        "The link is emulated on the device side (labelled as such in every report); compute is real."},
    subcommands = {SplitCommand.Serve.class, SplitCommand.Run.class, SplitCommand.Bench.class})
final class SplitCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Images for latency runs: pixels do not change latency, so generated ones serve when no data set is given. */
  static LabeledImages images(boolean synthetic, DataOptions data, int count) throws IOException {
    int wanted = Math.max(1, Math.min(count, 1000));
    if (synthetic) {
      return SyntheticImages.generate(10, (wanted + 9) / 10, 1).head(wanted);
    }
    return data.loadSplit().stratifiedSample(wanted, DataOptions.LIMIT_SEED);
  }

  static CutQuantization quantization(String text) {
    try {
      return CutQuantization.valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown cut quantization '" + text + "'; known: none, int8");
    }
  }

  @Command(name = "serve", mixinStandardHelpOptions = true,
      description = {"Edge process: serve the tail of a split model over TCP until Ctrl-C or SIGTERM.",
          "Prints '" + EdgeServerMain.READY_PREFIX + "N' on stdout once it accepts connections."})
  static final class Serve implements Callable<Integer> {
    @Option(names = "--tail", required = true, paramLabel = "ARTIFACT_FILE",
        description = "a TAIL artifact file (.jcsm), or a FULL one together with --cut")
    Path tail;

    @Option(names = "--cut", description = "cut point to serve the tail from, for a FULL artifact")
    Integer cut;

    @Option(names = "--port", defaultValue = "7070", description = "TCP port; 0 picks a free one (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--bind", defaultValue = "0.0.0.0",
        description = "interface to listen on (default: ${DEFAULT-VALUE}, every interface)")
    String bind;

    @Mixin EngineOptions engine;

    @Override
    public Integer call() throws Exception {
      engine.apply();
      EdgeServerMain.serveUntilShutdown(tail, cut, new EdgeServer.Options(bind, port,
          EdgeServer.Options.DEFAULT_MAX_PAYLOAD_BYTES, EdgeServer.Options.DEFAULT_MAX_CONNECTIONS), false, System.out);
      return 0;
    }
  }

  @Command(name = "run", mixinStandardHelpOptions = true,
      description = {"Device process: run the head here and the tail on the edge at --edge, one request at a time, "
          + "over the emulated link; print end-to-end latency percentiles, stage medians and the latency model's "
          + "prediction (bytes / bandwidth + rtt) next to the measurement.",
          "A head holding every block (c = B) runs locally and needs no edge."})
  static final class Run implements Callable<Integer> {
    @Option(names = "--head", required = true, paramLabel = "ARTIFACT_FILE", description = "a HEAD artifact file")
    Path head;

    @Option(names = "--edge", paramLabel = "HOST:PORT", description = "the edge server (required unless c = B)")
    String edge;

    @Option(names = "--bandwidth", defaultValue = "10Mbit",
        description = "emulated uplink: 10Mbit, 1.5Mbit/s, 500kbit, 2MB/s, bytes/s or unlimited "
            + "(default: ${DEFAULT-VALUE})")
    String bandwidth;

    @Option(names = "--rtt", defaultValue = "20ms", description = "emulated round-trip time: 20ms, 0.02s "
        + "(default: ${DEFAULT-VALUE})")
    String rtt;

    @Option(names = "--requests", defaultValue = "100", description = "measured requests (default: ${DEFAULT-VALUE})")
    int requests;

    @Option(names = "--warmup", defaultValue = "10", description = "unmeasured requests first (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--batch-size", defaultValue = "1", description = "images per request (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--synthetic", description = "generated images instead of a data set (pixels do not change latency)")
    boolean synthetic;

    @Option(names = "--json", description = "print the report as JSON") boolean json;

    @Mixin DataOptions data;
    @Mixin EngineOptions engine;

    @Override
    public Integer call() throws Exception {
      engine.apply();
      BenchmarkSettings settings = new BenchmarkSettings(LinkEmulation.parse(bandwidth, rtt), requests, warmup,
          batchSize);
      ModelArtifact artifact = ModelArtifact.readFile(head);
      if (artifact.kind() != ArtifactKind.HEAD) {
        throw new IllegalArgumentException(head + " holds a " + artifact.kind() + " model part; --head takes a HEAD "
            + "artifact");
      }
      boolean local = artifact.cutPoint() == artifact.spec().plan().blockCount();
      if (!local && edge == null) {
        throw new IllegalArgumentException("the head ends at cut point " + artifact.cutPoint() + " of "
            + artifact.spec().plan().blockCount() + ": give the edge serving the rest with --edge HOST:PORT");
      }
      InetSocketAddress edgeAddress = local ? null : EdgeAddress.parse(edge);
      LabeledImages images = images(synthetic, data, (warmup + requests) * batchSize);
      SplitInferenceReport report;
      try (NDManager manager = NDManager.newBaseManager();
          Head loaded = artifact.loadHead(manager)) {
        report = new SplitInferenceBenchmark(settings, System.err).run(loaded, edgeAddress, images);
      }
      if (json) {
        System.out.println(Json.mapper().writeValueAsString(report));
      } else {
        System.out.printf("Split inference (link emulated on the device: token-bucket uplink, rtt/2 each way), "
            + "%d device thread(s):%n", engine.threads);
        System.out.print(report.toText());
      }
      return 0;
    }
  }

  @Command(name = "bench", mixinStandardHelpOptions = true,
      description = {"Measured vs predicted end-to-end latency over cut points and uplink bandwidths: per cut point "
          + "the network is split into HEAD and TAIL artifacts, an edge JVM serves the tail, and the head runs here.",
          "Without --full the network has random weights (latency does not depend on them); images are generated."})
  static final class Bench implements Callable<Integer> {
    @Option(names = "--full", paramLabel = "ARTIFACT_FILE",
        description = "a FULL artifact to split (default: --arch at --keep width with random weights)")
    Path full;

    @Option(names = "--arch", defaultValue = "resnet20", description = "architecture (default: ${DEFAULT-VALUE})")
    String architecture;

    @Option(names = "--keep", defaultValue = "1.0", description = "width ratio of every channel group "
        + "(default: ${DEFAULT-VALUE})")
    double keep;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the random weights") long seed;

    @Option(names = "--cuts", split = ",", description = "cut points (default: every one, 0..B)")
    List<Integer> cuts;

    @Option(names = "--bandwidths", split = ",", defaultValue = "1Mbit,10Mbit,50Mbit",
        description = "uplink bandwidths (default: ${DEFAULT-VALUE})")
    List<String> bandwidths;

    @Option(names = "--rtt", defaultValue = "20ms", description = "round-trip time (default: ${DEFAULT-VALUE})")
    String rtt;

    @Option(names = "--quantization", defaultValue = "none", description = "cut tensor: none or int8 "
        + "(default: ${DEFAULT-VALUE})")
    String quantization;

    @Option(names = "--requests", defaultValue = "100", description = "measured requests per cut and bandwidth "
        + "(default: ${DEFAULT-VALUE})")
    int requests;

    @Option(names = "--warmup", defaultValue = "10", description = "unmeasured requests first (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--batch-size", defaultValue = "1", description = "images per request (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--edge-threads", defaultValue = "1", description = "PyTorch threads of the edge JVM "
        + "(default: ${DEFAULT-VALUE})")
    int edgeThreads;

    @Option(names = "--json", description = "print the reports as JSON") boolean json;

    @Mixin EngineOptions engine;

    @Override
    public Integer call() throws Exception {
      engine.apply();
      List<LinkEmulation> links = bandwidths.stream().map(b -> LinkEmulation.parse(b, rtt)).toList();
      Path workDir = Files.createTempDirectory("jointcs-split-bench");
      try (NDManager manager = NDManager.newBaseManager();
          Network network = network(manager)) {
        List<Integer> cutPoints = cuts != null ? cuts
            : IntStream.rangeClosed(0, network.plan().blockCount()).boxed().toList();
        SplitSweep.Plan plan = new SplitSweep.Plan(cutPoints, links, quantization(quantization), requests, warmup,
            batchSize);
        EdgeProcess.Options edgeOptions = new EdgeProcess.Options(edgeThreads, "127.0.0.1", Duration.ofSeconds(120),
            List.of("-Xmx1g"));
        List<SplitInferenceReport> reports = new SplitSweep(plan, edgeOptions, System.err)
            .run(network, SyntheticImages.generate(10, 10, 1), workDir);
        if (json) {
          System.out.println(Json.mapper().writeValueAsString(reports));
        } else {
          System.out.printf("Split inference of %s %s (%s), batch %d, %d device / %d edge thread(s), edge in its own "
                  + "JVM on this machine; link emulated on the device (token-bucket uplink, rtt/2 each way). "
                  + "Medians of %d requests after %d warm-up; predicted = head + edge medians + bytes / bandwidth + "
                  + "rtt.%n%n", network.spec().architecture().id(), network.spec().widths(),
              full == null ? "random weights" : full.getFileName(), batchSize, engine.threads, edgeThreads, requests,
              warmup);
          System.out.print(SplitInferenceReport.markdownTable(reports));
        }
      } finally {
        deleteRecursively(workDir);
      }
      return 0;
    }

    private Network network(NDManager manager) throws IOException {
      if (full == null) {
        return Network.initialize(ModelSpec.uniformlyScaled(Architecture.fromId(architecture), 10, keep), manager,
            seed);
      }
      return ModelArtifact.readFile(full).loadNetwork(manager);
    }

    private static void deleteRecursively(Path dir) throws IOException {
      try (Stream<Path> paths = Files.walk(dir)) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(path);
        }
      }
    }
  }
}
