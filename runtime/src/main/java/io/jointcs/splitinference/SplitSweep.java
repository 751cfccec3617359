package io.jointcs.splitinference;

import io.jointcs.artifact.ModelArtifact;
import io.jointcs.data.LabeledImages;
import io.jointcs.model.Network;
import io.jointcs.segmentation.CutQuantization;
import io.jointcs.segmentation.SplitModel;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Split inference of one network measured over cut points x links: per cut point the network is
 * split into HEAD and TAIL artifacts, the tail is served by an edge in its own JVM, and the head
 * runs here against it once per link. At c = B nothing is sent, so that cut is measured once.
 */
public final class SplitSweep {
  private static final Logger log = LoggerFactory.getLogger(SplitSweep.class);

  /**
   * @param cutPoints cut points to measure
   * @param links links to measure each cut point over
   * @param quantization of the cut tensor
   * @param requests measured requests per (cut, link)
   * @param warmup unmeasured requests before them
   * @param batchSize images per request
   */
  public record Plan(List<Integer> cutPoints, List<LinkEmulation> links, CutQuantization quantization, int requests,
      int warmup, int batchSize) {
    public Plan {
      cutPoints = List.copyOf(cutPoints);
      links = List.copyOf(links);
      if (cutPoints.isEmpty() || links.isEmpty()) {
        throw new IllegalArgumentException("a sweep needs at least one cut point and one link");
      }
    }
  }

  private final Plan plan;
  private final EdgeProcess.Options edgeOptions;
  private final PrintStream progress;

  /** @param progress where progress bars go; null for none */
  public SplitSweep(Plan plan, EdgeProcess.Options edgeOptions, PrintStream progress) {
    this.plan = plan;
    this.edgeOptions = edgeOptions;
    this.progress = progress;
  }

  /** Measures every (cut, link); tail artifacts are written to {@code workDir}. */
  public List<SplitInferenceReport> run(Network network, LabeledImages images, Path workDir) throws IOException {
    plan.cutPoints().forEach(network.plan()::checkCutPoint);
    Files.createDirectories(workDir);
    List<SplitInferenceReport> reports = new ArrayList<>();
    int blocks = network.plan().blockCount();
    for (int cut : plan.cutPoints()) {
      SplitModel split = SplitModel.split(network, cut, plan.quantization());
      ModelArtifact head = ModelArtifact.of(split.head());
      if (cut == blocks) {
        reports.add(benchmark(plan.links().get(0)).runLocally(head, images));
        continue;
      }
      Path tailFile = workDir.resolve("tail-" + network.spec().architecture().id() + "-cut" + cut
          + ModelArtifact.FILE_EXTENSION);
      try (OutputStream out = Files.newOutputStream(tailFile)) {
        ModelArtifact.of(split.tail()).writeTo(out);
      }
      try (EdgeProcess edge = EdgeProcess.start(tailFile, edgeOptions)) {
        for (LinkEmulation link : plan.links()) {
          SplitInferenceReport report = benchmark(link).run(head, edge.address(), images);
          log.info("cut {} over {}: p50 {} ms, predicted {} ms", cut, link,
              String.format(Locale.ROOT, "%.2f", report.endToEnd().p50Ms()),
              String.format(Locale.ROOT, "%.2f", report.prediction().endToEndMs()));
          reports.add(report);
        }
      }
    }
    return reports;
  }

  private SplitInferenceBenchmark benchmark(LinkEmulation link) {
    return new SplitInferenceBenchmark(new BenchmarkSettings(link, plan.requests(), plan.warmup(), plan.batchSize()),
        progress);
  }
}
