package io.jointcs.cli;

import ai.djl.ndarray.NDManager;
import io.jointcs.artifact.ArtifactStore;
import io.jointcs.artifact.ModelArtifact;
import io.jointcs.model.Network;
import io.jointcs.search.SearchResult;
import io.jointcs.search.SeriesEntry;
import io.jointcs.search.TargetCut;
import io.jointcs.search.TargetSpec;
import io.jointcs.search.report.AccuracyLatencyPlot;
import io.jointcs.search.report.SearchReport;
import io.jointcs.segmentation.CutQuantization;
import io.jointcs.segmentation.SplitModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What {@code jointcs search} writes: the series as artifacts, the JSON and Markdown reports, one plot per target. */
final class SearchOutput {
  /**
   * The deployment plan of the chosen model on one target.
   *
   * @param head head artifact file (the whole model when {@code cutPoint} = B)
   * @param tail tail artifact file, null when everything runs on the device
   */
  record Plan(String target, String entryId, int cutPoint, CutQuantization quantization, double predictedMs,
      double goalMs, boolean meetsGoal, String head, String tail) {}

  /** One model of the series and its artifact. */
  record Model(String entryId, int step, String action, List<Integer> widths, double accuracy, String file) {}

  /** The command's result document. */
  record Outcome(String method, boolean goalReached, String message, String chosenId, List<Model> series,
      List<Plan> plans, String reportJson, String reportMarkdown, List<String> plots, String latencyNote,
      List<SearchLatency.DevicePredictor> predictors, double evaluatorSeconds, int candidatesEvaluated) {}

  private SearchOutput() {}

  static String fileName(String target) {
    return target.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]+", "_");
  }

  /** The artifact handle of an entry's final weights. */
  static String weights(SeriesEntry entry, String baseArtifact) {
    if (entry.finalFineTune() != null && !entry.finalFineTune().artifact().isEmpty()) {
      return entry.finalFineTune().artifact();
    }
    return entry.artifact().isEmpty() ? baseArtifact : entry.artifact();
  }

  static List<Model> writeSeries(SearchResult result, ArtifactStore store, String baseArtifact, Path dir)
      throws IOException {
    Files.createDirectories(dir);
    List<Model> out = new ArrayList<>();
    for (SeriesEntry e : result.series()) {
      Path file = store.get(weights(e, baseArtifact)).writeFile(dir.resolve(fileName(e.id()) + ".jcsm"));
      out.add(new Model(e.id(), e.step(), e.action().describe(), e.spec().widths(), e.reportedAccuracy(),
          file.toString()));
    }
    return out;
  }

  /** Head and tail artifacts of the chosen model at its cut on every target. */
  static List<Plan> writePlans(SearchResult result, ArtifactStore store, String baseArtifact, Path dir)
      throws IOException {
    Files.createDirectories(dir);
    SeriesEntry chosen = result.chosen();
    List<Plan> plans = new ArrayList<>();
    try (NDManager manager = NDManager.newBaseManager();
        Network network = store.loadNetwork(weights(chosen, baseArtifact), manager)) {
      int blocks = network.plan().blockCount();
      for (int t = 0; t < result.targets().size(); t++) {
        TargetSpec target = result.targets().get(t);
        TargetCut cut = chosen.cut(target.name());
        CutQuantization q = cut.cutPoint() < blocks ? chosen.quantization() : CutQuantization.NONE;
        SplitModel split = SplitModel.split(network, cut.cutPoint(), q);
        String stem = fileName(chosen.id()) + "-cut" + cut.cutPoint() + (q == CutQuantization.INT8 ? "-int8" : "");
        Path head = ModelArtifact.of(split.head()).writeFile(dir.resolve(stem + ".head.jcsm"));
        Path tail = cut.cutPoint() < blocks ? ModelArtifact.of(split.tail()).writeFile(dir.resolve(stem + ".tail.jcsm"))
            : null;
        double goal = result.goalsMs().get(t);
        plans.add(new Plan(target.name(), chosen.id(), cut.cutPoint(), q, cut.latencyMs(), goal,
            cut.latencyMs() <= goal, head.toString(), tail == null ? null : tail.toString()));
      }
    }
    return plans;
  }

  /** One SVG per target: accuracy against predicted end-to-end latency, a curve per method. */
  static List<String> writePlots(SearchReport report, Path dir, String subtitle) {
    List<String> files = new ArrayList<>();
    for (TargetSpec target : report.results().get(0).targets()) {
      Path file = dir.resolve("accuracy-latency-" + fileName(target.name()) + ".svg");
      AccuracyLatencyPlot.of(report, target.name(), subtitle).write(file);
      files.add(file.toString());
    }
    return files;
  }

  /** The series of one result as a Markdown table per target. */
  static String markdown(SearchResult result, String title, String latencyNote) {
    StringBuilder md = new StringBuilder();
    md.append("# ").append(title).append("\n\n");
    md.append(result.goalReached() ? "Latency goal reached. " : "**Latency goal NOT reached.** ")
        .append(result.message()).append("\n\n");
    md.append("Method ").append(result.method()).append("; ").append(result.cost().steps()).append(" steps, ")
        .append(result.cost().candidatesEvaluated()).append(" candidates evaluated, ")
        .append(String.format(Locale.ROOT, "%.1f s.", result.cost().wallTimeMs() / 1000.0)).append(' ')
        .append(latencyNote).append(".\n\n");
    md.append("| step | model | action | MACs (M) | accuracy | ");
    result.targets().forEach(t -> md.append(t.name()).append(" cut / predicted ms | "));
    md.append("\n|---:|---|---|---:|---:|");
    result.targets().forEach(t -> md.append("---:|"));
    md.append('\n');
    for (SeriesEntry e : result.series()) {
      md.append(String.format(Locale.ROOT, "| %d | %s%s | %s | %.1f | %.4f | ", e.step(), e.id(),
          e.id().equals(result.chosenId()) ? " (chosen)" : "", e.action().describe(), e.spec().plan().macs() / 1e6,
          e.reportedAccuracy()));
      for (TargetSpec t : result.targets()) {
        TargetCut c = e.cut(t.name());
        md.append(String.format(Locale.ROOT, "%d%s / %.1f | ", c.cutPoint(),
            e.quantization() == CutQuantization.INT8 && c.cutPoint() < e.spec().plan().blockCount() ? " int8" : "",
            c.latencyMs()));
      }
      md.append('\n');
    }
    md.append("\nGoals: ");
    for (int t = 0; t < result.targets().size(); t++) {
      md.append(String.format(Locale.ROOT, "%s%s %.1f ms", t == 0 ? "" : ", ", result.targets().get(t).name(),
          result.goalsMs().get(t)));
    }
    md.append(".\n");
    return md.toString();
  }
}
