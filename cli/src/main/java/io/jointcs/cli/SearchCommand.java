package io.jointcs.cli;

import io.jointcs.artifact.ArtifactKind;
import io.jointcs.artifact.FileArtifactStore;
import io.jointcs.artifact.ModelArtifact;
import io.jointcs.data.ValidationSplit;
import io.jointcs.json.Json;
import io.jointcs.model.Architecture;
import io.jointcs.model.ModelSpec;
import io.jointcs.search.LatencyGoal;
import io.jointcs.search.NetworkLink;
import io.jointcs.search.ProgressiveSearch;
import io.jointcs.search.SearchConfig;
import io.jointcs.search.SearchListener;
import io.jointcs.search.SearchProblem;
import io.jointcs.search.SearchResult;
import io.jointcs.search.SeriesEntry;
import io.jointcs.search.TargetSpec;
import io.jointcs.search.WidthSpace;
import io.jointcs.search.evaluation.LocalAccuracyEvaluator;
import io.jointcs.search.report.SearchReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code jointcs search}: the progressive joint search of DESIGN section 2 on a base model, for every device class
 * over every uplink at once, with the local compression executor; writes the series of slim models, the chosen
 * model's head and tail per target, the JSON and Markdown reports and a plot per target.
 */
@Command(name = "search", mixinStandardHelpOptions = true,
    description = {"Joint search of channel widths, cut point and cut-tensor quantization for every device class over "
        + "every uplink; writes the series of slim models, the chosen model's head/tail per target, a JSON and a "
        + "Markdown report and an accuracy-latency plot per target.",
        "Exit codes: 0 goal reached, 3 goal NOT reached (the best model found is still written), 2 bad input."})
final class SearchCommand implements Callable<Integer> {
  static final int GOAL_NOT_REACHED_EXIT_CODE = 3;

  @Option(names = "--base", description = "FULL model artifact to start from (default: the committed pretrained "
      + "ResNet-20, " + DemoCommand.BASE_ARTIFACT + ")")
  Path base;

  @Option(names = "--arch", description = "architecture the base must be (a check: a mismatch is an error)")
  String arch;

  @Option(names = "--width-step", defaultValue = "1",
      description = "channel granularity of the searched widths (default: ${DEFAULT-VALUE})")
  int widthStep;

  @Option(names = "--out", description = "output directory (default: runs/search-<time>)")
  Path out;

  @Option(names = "--json", description = "print the outcome as JSON") boolean json;

  @Mixin DataOptions data;
  @Mixin SearchTargetOptions targetOptions;
  @Mixin SearchBudgetOptions budget;

  @Override
  public Integer call() throws Exception {
    Path home = Path.of(System.getProperty("jointcs.home", "."));
    ModelArtifact baseArtifact = readBase(home, base, arch);
    ModelSpec initial = baseArtifact.spec();
    // every option is checked before data, profiling or training start
    List<NetworkLink> links = targetOptions.networkLinks();
    LatencyGoal goal = targetOptions.latencyGoal();
    targetOptions.deviceClasses();
    SearchConfig config = budget.config();
    WidthSpace widths = WidthSpace.everyChannel(initial.architecture(), widthStep);
    Path runDir = out != null ? out : home.resolve("runs").resolve("search-"
        + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));

    System.err.println("[1/4] loading data");
    ValidationSplit.Parts parts = data.loadTrainAndValidation();
    checkClasses(initial, parts);
    System.err.println("[2/4] latency predictors");
    SearchLatency latency = SearchLatency.resolve(targetOptions, initial.architecture(), initial.numClasses(),
        budget.seed, System.err);
    List<TargetSpec> specs = latency.targets(links, goal);
    SearchProblem problem = new SearchProblem(initial, latency.models().targets(specs), widths);

    Files.createDirectories(runDir);
    FileArtifactStore store = new FileArtifactStore(runDir.resolve("artifacts"));
    String baseSha = store.put(baseArtifact).sha256();
    ProgressEvaluator evaluator = new ProgressEvaluator(new LocalAccuracyEvaluator(store, baseSha, parts.train(),
        parts.validation(), budget.candidateRecipe(), budget.finalRecipe()), "search", System.err);
    System.err.printf(Locale.ROOT, "[3/4] searching %s for %d target(s): %s%n", initial.architecture().id(),
        specs.size(), specs.stream().map(TargetSpec::name).toList());
    SearchResult result = new ProgressiveSearch(config, evaluator).run(problem, stepLog());

    System.err.println("[4/4] writing the series, plans and reports to " + runDir);
    String title = String.format(Locale.ROOT, "JointCS search: %s, %s", initial.architecture().id(),
        result.method());
    String note = latency.emulationNote() + "; latencies are predicted";
    SearchReport report = new SearchReport(title, List.of(result));
    Path reportJson = runDir.resolve("search-report.json");
    report.write(reportJson);
    Path reportMd = runDir.resolve("search-report.md");
    Files.writeString(reportMd, SearchOutput.markdown(result, title, note));
    List<String> plots = SearchOutput.writePlots(report, runDir, "predicted; " + (latency.emulated()
        ? "EMULATED device x" + SearchLatency.trim(latency.slowdown()) : "this CPU"));
    SearchOutput.Outcome outcome = new SearchOutput.Outcome(result.method(), result.goalReached(), result.message(),
        result.chosenId(), SearchOutput.writeSeries(result, store, baseSha, runDir.resolve("models")),
        SearchOutput.writePlans(result, store, baseSha, runDir.resolve("plans")), reportJson.toString(),
        reportMd.toString(), plots, note, latency.predictors(), evaluator.evaluatorSeconds(), evaluator.evaluated());
    Json.mapper().writeValue(runDir.resolve("outcome.json").toFile(), outcome);
    if (json) {
      System.out.println(Json.mapper().writeValueAsString(outcome));
    } else {
      print(outcome, runDir);
    }
    return result.goalReached() ? 0 : GOAL_NOT_REACHED_EXIT_CODE;
  }

  /** The base artifact (a FULL model), checked against --arch. */
  static ModelArtifact readBase(Path home, Path base, String arch) throws java.io.IOException {
    Path file = base != null ? base : home.resolve(DemoCommand.BASE_ARTIFACT);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("base model " + file + " does not exist" + (base == null
          ? "; train one with ./jointcs train, or pass --base" : ""));
    }
    ModelArtifact artifact = ModelArtifact.readFile(file);
    if (artifact.kind() != ArtifactKind.FULL) {
      throw new IllegalArgumentException("base model " + file + " is a " + artifact.kind()
          + " artifact; a search starts from a FULL model");
    }
    if (arch != null && Architecture.fromId(arch) != artifact.spec().architecture()) {
      throw new IllegalArgumentException("--arch " + arch + " does not match the base model " + file + ", which is a "
          + artifact.spec().architecture().id());
    }
    return artifact;
  }

  static void checkClasses(ModelSpec initial, ValidationSplit.Parts parts) {
    if (parts.validation().numClasses() != initial.numClasses()) {
      throw new IllegalArgumentException("the base model has " + initial.numClasses() + " classes but the data set "
          + parts.validation().numClasses());
    }
  }

  private static SearchListener stepLog() {
    return new SearchListener() {
      @Override
      public void accepted(SeriesEntry entry, int beamRank) {
        System.err.printf(Locale.ROOT, "  accepted %s (%s): accuracy %.4f, normalized latency %.3f%n", entry.id(),
            entry.action().describe(), entry.accuracy(), entry.normalizedLatency());
      }

      @Override
      public void stepStarted(int step, double stepFraction, int beamSize) {
        System.err.printf(Locale.ROOT, "step %d: asking %.1f%% less latency of %d state(s)%n", step,
            100 * stepFraction, beamSize);
      }
    };
  }

  private static void print(SearchOutput.Outcome outcome, Path runDir) {
    System.out.println();
    System.out.println((outcome.goalReached() ? "Goal reached: " : "Goal NOT reached: ") + outcome.message());
    System.out.println();
    System.out.println("| step | model | action | accuracy |");
    System.out.println("|---:|---|---|---:|");
    for (SearchOutput.Model m : outcome.series()) {
      System.out.printf(Locale.ROOT, "| %d | %s | %s | %.4f |%n", m.step(), m.entryId(), m.action(), m.accuracy());
    }
    System.out.println();
    System.out.println("| target | cut | cut tensor | predicted ms | goal ms | head | tail |");
    System.out.println("|---|---:|---|---:|---:|---|---|");
    for (SearchOutput.Plan p : outcome.plans()) {
      System.out.printf(Locale.ROOT, "| %s | %d | %s | %.1f | %.1f | %s | %s |%n", p.target(), p.cutPoint(),
          p.quantization(), p.predictedMs(), p.goalMs(), Path.of(p.head()).getFileName(),
          p.tail() == null ? "-" : Path.of(p.tail()).getFileName());
    }
    System.out.println();
    System.out.printf(Locale.ROOT, "%d candidates evaluated in %.0f s; %s.%n", outcome.candidatesEvaluated(),
        outcome.evaluatorSeconds(), outcome.latencyNote());
    System.out.println("Reports: " + outcome.reportMarkdown() + ", " + outcome.reportJson() + "; plots in " + runDir);
  }
}
