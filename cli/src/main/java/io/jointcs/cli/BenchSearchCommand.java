package io.jointcs.cli;

import ai.djl.ndarray.NDManager;
import io.jointcs.artifact.FileArtifactStore;
import io.jointcs.artifact.ModelArtifact;
import io.jointcs.data.LabeledImages;
import io.jointcs.data.ValidationSplit;
import io.jointcs.json.Json;
import io.jointcs.model.Architecture;
import io.jointcs.model.ChannelGroup;
import io.jointcs.model.ModelSpec;
import io.jointcs.model.Network;
import io.jointcs.pruning.CompressionRecipe;
import io.jointcs.pruning.L1NormRanking;
import io.jointcs.search.AccuracyEvaluator;
import io.jointcs.search.Candidate;
import io.jointcs.search.LatencyGoal;
import io.jointcs.search.LatencyModels;
import io.jointcs.search.NetworkLink;
import io.jointcs.search.ProgressiveSearch;
import io.jointcs.search.SearchAction;
import io.jointcs.search.SearchConfig;
import io.jointcs.search.SearchListener;
import io.jointcs.search.SearchProblem;
import io.jointcs.search.SearchResult;
import io.jointcs.search.SeriesEntry;
import io.jointcs.search.StepSchedule;
import io.jointcs.search.TargetSpec;
import io.jointcs.search.WidthSpace;
import io.jointcs.search.baseline.CompressThenSegment;
import io.jointcs.search.baseline.CompressionOnly;
import io.jointcs.search.baseline.ExhaustiveSearch;
import io.jointcs.search.baseline.OptimalityGap;
import io.jointcs.search.baseline.SegmentationOnly;
import io.jointcs.search.evaluation.LocalAccuracyEvaluator;
import io.jointcs.search.evaluation.MacsProxyEvaluator;
import io.jointcs.search.evaluation.ReusingEvaluator;
import io.jointcs.search.report.SearchReport;
import io.jointcs.search.report.SvgPlot;
import io.jointcs.segmentation.CutQuantization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code jointcs bench search}: the experiment of the search issue. JointCS and its three baselines on the base
 * model (by default the pretrained ResNet-20) for each (device class, uplink) setting, with the same predictors,
 * evaluator and budget; every plan of every series then runs for real as split inference; the latency of JointCS
 * against each baseline at equal accuracy, predicted and measured; the cost of the search and how it grows with the
 * architecture and the beam width; the optimality gap against exhaustive enumeration on a small space.
 */
@Command(name = "search", mixinStandardHelpOptions = true,
    description = "JointCS against segmentation only, compression only and compress-then-segment: series of "
        + "(accuracy, predicted latency, measured latency of real split inference), latency at equal accuracy, "
        + "search cost against architecture and beam width, optimality gap on a small space.")
final class BenchSearchCommand implements Callable<Integer> {
  /** Goal of the proxy cost study, as a fraction of segmentation only: out of reach on purpose. */
  private static final double COST_GOAL = 0.05;

  @Option(names = "--quick", description = "small budgets, large steps, few requests per plan (a few minutes)")
  boolean quick;

  @Option(names = "--base", description = "FULL model artifact (default: the committed pretrained ResNet-20)")
  Path base;

  @Option(names = "--cost-arch", defaultValue = "resnet56", description = "second architecture of the cost "
      + "scaling, searched with the proxy evaluator from an untrained model (default: ${DEFAULT-VALUE})")
  String costArch;

  @Option(names = "--beam-widths", split = ",", defaultValue = "1,2,4",
      description = "beam widths of the cost scaling (default: ${DEFAULT-VALUE})")
  List<Integer> beamWidths;

  @Option(names = "--joint-targets", description = "one JointCS search (and one of each baseline) over every "
      + "target at once, driven by the worst target, instead of one per (device class, uplink) setting")
  boolean jointTargets;

  @Option(names = "--max-predictor-error", defaultValue = "0.25", description = "predicted-latency comparisons are "
      + "marked UNTRUSTWORTHY when the predictors' whole-model error or the plans' predicted-vs-measured error "
      + "exceeds this fraction (default: ${DEFAULT-VALUE})")
  double maxPredictorError;

  @Option(names = "--cost-steps", description = "step budget of the proxy cost-scaling searches (default: 12 with "
      + "--quick, else 40)")
  Integer costSteps;

  @Option(names = "--finetune-images", description = "training images of each candidate's short fine-tune "
      + "(default: 128 with --quick, else 1024)")
  Integer fineTuneImages;

  @Option(names = "--val-images", description = "validation images every candidate is scored on (default: 200 with "
      + "--quick, else 1000)")
  Integer validationImages;

  @Option(names = "--max-steps", description = "step budget of every search and baseline (default: 2 with --quick, "
      + "else 40)")
  Integer maxSteps;

  @Option(names = "--step", description = "latency reduction asked of every search's first step; later steps "
      + "shrink by the mode's decay down to its minimum (default: 0.10)")
  Double step;

  @Option(names = "--requests-per-plan", description = "closed-loop requests each plan is measured with (default: 5 "
      + "with --quick, else 20)")
  Integer requestsPerPlan;

  @Option(names = "--seed", defaultValue = "1") long seed;

  @Option(names = "--out", description = "output directory (default: runs/bench-search-<time>)")
  Path out;

  @Option(names = "--json", description = "print the report as JSON") boolean json;

  @Mixin DataOptions data;
  @Mixin SearchTargetOptions targetOptions;

  /** The budgets of one mode, stated in the report. */
  record Budget(int fineTuneImages, int recalibrationBatches, int validationImages, double learningRate,
      StepSchedule schedule, int maxSteps, int costMaxSteps, int requestsPerPlan, int warmupPerPlan,
      int profileModels, List<Double> exhaustiveFractions, List<Integer> exhaustiveGroups, double exhaustiveGoal) {

    static Budget of(boolean quick) {
      return quick
          // the proxy cost study is free: it gets enough steps for the growth with beam width to show
          ? new Budget(128, 2, 200, 0.01, StepSchedule.decaying(0.10, 0.85, 0.05), 2, 12, 5, 2, 2, List.of(0.5, 1.0),
              List.of(0, 1), 0.85)
          : new Budget(1024, 10, 1000, 0.01, StepSchedule.decaying(0.10, 0.85, 0.02), 40, 40, 20, 3, 4,
              List.of(0.5, 0.75, 1.0), List.of(0, 1, 2), 0.85);
    }

    /** This budget with the given values instead of the mode's (null keeps the mode's). */
    Budget with(Integer fineTune, Integer validation, Integer steps, Integer requests, Double firstStep) {
      if (firstStep != null && !(firstStep > 0 && firstStep < 1)) {
        throw new IllegalArgumentException("--step must be in (0, 1), got " + firstStep);
      }
      StepSchedule steps0 = firstStep == null ? schedule : StepSchedule.decaying(firstStep, schedule.decay(),
          Math.min(schedule.minimumStep(), firstStep));
      atLeast("--finetune-images", fineTune, 1);
      atLeast("--val-images", validation, 10);
      atLeast("--max-steps", steps, 1);
      atLeast("--requests-per-plan", requests, 1);
      return new Budget(fineTune == null ? fineTuneImages : fineTune, recalibrationBatches,
          validation == null ? validationImages : validation, learningRate, steps0, steps == null ? maxSteps : steps,
          costMaxSteps, requests == null ? requestsPerPlan : requests, warmupPerPlan, profileModels,
          exhaustiveFractions, exhaustiveGroups, exhaustiveGoal);
    }

    private static void atLeast(String option, Integer value, int min) {
      if (value != null && value < min) {
        throw new IllegalArgumentException(option + " must be >= " + min + ", got " + value);
      }
    }

    CompressionRecipe recipe(long seed) {
      return new CompressionRecipe(L1NormRanking.gammaScaled(), recalibrationBatches, fineTuneImages, 1, learningRate,
          validationImages, seed);
    }
  }

  /**
   * One search setting: the targets one JointCS search (and one of each baseline) optimized for. Per target by
   * default, as the paper evaluates each (device class, network); all targets at once with --joint-targets.
   *
   * @param report JointCS, segmentation only (one run shared by every setting), compression only, compress then
   *     segment
   */
  record Setting(String name, List<String> targets, SearchReport report) {}

  /** One model of one method on one target. */
  record Point(String setting, String method, String target, String entryId, double accuracy, int cutPoint,
      String quantization, double predictedMs, Double measuredP50Ms, Double measuredP90Ms) {}

  /** What one method did in one setting; goal and message are about that setting's targets. */
  record MethodCost(String setting, String method, int steps, int candidatesEvaluated, long wallTimeMs,
      boolean goalReached, String message) {}

  /**
   * One cost-scaling run.
   *
   * @param evaluator "measured" (the real evaluator of the main run) or "proxy" (MACs proxy: the search's own work
   *     is measured, the evaluator's is estimated as candidates x measured seconds per real candidate)
   */
  record CostRow(String architecture, int channelGroups, int beamWidth, String evaluator, int steps,
      int candidatesEvaluated, long searchWallMs, double secondsPerRealCandidate, double estimatedRealWallSeconds) {}

  record Optimality(String space, long combinations, String exhaustiveMessage, String jointMessage,
      int jointCandidates, OptimalityGap gap) {}

  /**
   * Whether predicted latencies can be believed.
   *
   * @param worstWholeModelError largest whole-model error of the profiled predictors (null: none was profiled here)
   * @param planMedianError median |predicted - measured| / measured over the plans run for real
   * @param trustworthy neither exceeds {@code threshold}
   */
  record PredictionTrust(Double worstWholeModelError, Double planMedianError, double threshold, boolean trustworthy,
      String statement) {}

  record Report(boolean quick, String base, String dataset, int trainImages, int validationImages, Budget budget,
      List<String> targets, String goal, boolean jointTargets, String latencyNote,
      List<SearchLatency.DevicePredictor> predictors, PredictionTrust predictionTrust, List<MethodCost> methods,
      List<Point> points, List<EqualAccuracy> headline, List<EqualAccuracy> comparisons, List<CostRow> cost,
      String costNote, Optimality optimality, List<String> plots, int plansMeasured, int evaluationsReused,
      double wallSeconds, List<Setting> settings) {}

  @Override
  public Integer call() throws Exception {
    long start = System.nanoTime();
    Path home = Path.of(System.getProperty("jointcs.home", "."));
    Budget budget = Budget.of(quick).with(fineTuneImages, validationImages, maxSteps, requestsPerPlan, step);
    ModelArtifact baseArtifact = SearchCommand.readBase(home, base, null);
    ModelSpec initial = baseArtifact.spec();
    Architecture second = Architecture.fromId(costArch);
    List<NetworkLink> links = targetOptions.networkLinks();
    LatencyGoal goal = targetOptions.latencyGoal();
    for (int k : beamWidths) {
      if (k < 1) {
        throw new IllegalArgumentException("--beam-widths must be >= 1, got " + k);
      }
    }
    int costMaxSteps = costSteps != null ? costSteps : budget.costMaxSteps();
    if (costMaxSteps < 1) {
      throw new IllegalArgumentException("--cost-steps must be >= 1, got " + costMaxSteps);
    }
    if (!(maxPredictorError > 0)) {
      throw new IllegalArgumentException("--max-predictor-error must be > 0, got " + maxPredictorError);
    }
    if (targetOptions.predictorFiles == null || targetOptions.predictorFiles.isEmpty()) {
      targetOptions.profile = true; // the bench fits its predictors here unless given some
      targetOptions.profileModels = budget.profileModels();
    }
    SearchConfig config = SearchConfig.defaults().withSchedule(budget.schedule()).withMaxSteps(budget.maxSteps())
        .withSeed(seed);
    Path runDir = out != null ? out : home.resolve("runs").resolve("bench-search-"
        + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    Files.createDirectories(runDir);

    System.err.println("[1/6] loading data");
    ValidationSplit.Parts parts = data.loadTrainAndValidation();
    SearchCommand.checkClasses(initial, parts);
    System.err.println("[2/6] latency predictors");
    SearchLatency latency = SearchLatency.resolve(targetOptions, initial.architecture(), initial.numClasses(), seed,
        System.err);
    LatencyModels models = latency.models();
    List<TargetSpec> specs = latency.targets(links, goal);
    WidthSpace widths = WidthSpace.everyChannel(initial.architecture(), 1);

    FileArtifactStore store = new FileArtifactStore(runDir.resolve("artifacts"));
    String baseSha = store.put(baseArtifact).sha256();
    CompressionRecipe recipe = budget.recipe(seed);
    ProgressEvaluator evaluator = new ProgressEvaluator(new LocalAccuracyEvaluator(store, baseSha, parts.train(),
        parts.validation(), recipe, recipe), "evaluate", System.err);
    // the root of every search and the compression-only run of a device class on each uplink are the same models
    ReusingEvaluator reusing = new ReusingEvaluator(evaluator);
    List<List<TargetSpec>> groups = jointTargets ? List.of(specs) : specs.stream().map(List::of).toList();
    System.err.printf(Locale.ROOT, "[3/6] JointCS and baselines on %s, %s%n", initial.architecture().id(),
        jointTargets ? "one search over " + specs.stream().map(TargetSpec::name).toList()
            : "one search per target: " + specs.stream().map(TargetSpec::name).toList());
    String device = latency.emulated() ? "EMULATED device x" + SearchLatency.trim(latency.slowdown()) : "this CPU";
    SearchResult segmentation = SegmentationOnly.run(new SearchProblem(initial, models.targets(specs), widths),
        config, reusing);
    List<Setting> settings = new ArrayList<>();
    for (List<TargetSpec> group : groups) {
      String name = jointTargets ? "all targets" : group.get(0).name();
      System.err.println("  setting " + name);
      SearchProblem problem = new SearchProblem(initial, models.targets(group), widths);
      SearchResult joint = new ProgressiveSearch(config, reusing).run(problem);
      SearchResult compression = CompressionOnly.run(problem, config, reusing, SearchListener.NONE);
      SearchResult compressThenSegment = CompressThenSegment.resegment(compression, problem);
      settings.add(new Setting(name, group.stream().map(TargetSpec::name).toList(), new SearchReport(
          String.format(Locale.ROOT, "%s on %s: JointCS vs baselines (%s)", initial.architecture().id(), name, device),
          List.of(joint, segmentation, compression, compressThenSegment))));
    }
    double secondsPerCandidate = evaluator.evaluatorSeconds() / Math.max(1, evaluator.evaluated());

    System.err.println("[4/6] running every plan for real (split inference, shaped uplink)");
    LabeledImages requestImages = parts.validation().stratifiedSample(Math.min(200, parts.validation().size()),
        "bench-search-requests");
    PlanMeasurements measurements = new PlanMeasurements(store, baseSha, requestImages, budget.requestsPerPlan(),
        budget.warmupPerPlan(), latency.slowdown(), runDir.resolve("tails"), null);
    List<Point> points = new ArrayList<>();
    List<EqualAccuracy> comparisons = new ArrayList<>();
    List<MethodCost> methods = new ArrayList<>();
    for (Setting setting : settings) {
      List<SearchResult> results = setting.report().results();
      for (SearchResult result : results) {
        for (SeriesEntry entry : result.series()) {
          for (TargetSpec target : targetsOf(setting, specs)) {
            PlanMeasurements.Measured m = measurements.measure(entry, target, latency.classOf(target));
            points.add(new Point(setting.name(), result.method(), target.name(), entry.id(), entry.reportedAccuracy(),
                m.cutPoint(), m.cutPoint() < initial.plan().blockCount() ? entry.quantization().name() : "NONE",
                m.predictedMs(), m.measuredP50Ms(), m.measuredP90Ms()));
          }
        }
        methods.add(methodCost(setting, result, specs));
        System.err.printf(Locale.ROOT, "  %s %s: %d model(s) measured%n", setting.name(), result.method(),
            result.series().size());
      }
      for (String target : setting.targets()) {
        comparisons.addAll(EqualAccuracy.compare(target, results.get(0), results.subList(1, 4), (entry, t) -> {
          PlanMeasurements.Measured m = measurements.lookup(entry, t);
          return m == null ? null : m.measuredP50Ms();
        }));
      }
    }
    PredictionTrust trust = trust(latency.predictors(), points, maxPredictorError);
    List<String> plots = writePlots(settings, points, runDir, device, trust);

    System.err.println("[5/6] search cost against architecture and beam width (proxy evaluator)");
    double secondSecondsPerCandidate = timeRealCandidates(second, recipe, parts, runDir);
    List<CostRow> cost = new ArrayList<>();
    for (int method : List.of(0, 2)) {
      List<SearchResult> runs = settings.stream().map(s -> s.report().results().get(method)).toList();
      int steps = runs.stream().mapToInt(r -> r.cost().steps()).sum();
      int candidates = runs.stream().mapToInt(r -> r.cost().candidatesEvaluated()).sum();
      long wallMs = runs.stream().mapToLong(r -> r.cost().wallTimeMs()).sum();
      cost.add(new CostRow(initial.architecture().id(), initial.architecture().channelGroups().size(), 1,
          "measured (" + runs.get(0).method() + ", " + runs.size() + " search(es))", steps, candidates, wallMs,
          secondsPerCandidate, wallMs / 1000.0));
    }
    // one setting (the first) is enough to see how the search's own work grows; its goal is out of reach so that
    // every search runs its step budget (a reachable goal ends them after a step or two and shows nothing)
    List<TargetSpec> costTargets = targetsOf(settings.get(0), specs);
    List<TargetSpec> unreachable = withGoal(costTargets, LatencyGoal.fractionOfSegmentationOnly(COST_GOAL));
    for (Architecture arch : List.of(initial.architecture(), second)) {
      ModelSpec archBase = ModelSpec.base(arch, initial.numClasses());
      double perCandidate = arch == initial.architecture() ? secondsPerCandidate : secondSecondsPerCandidate;
      for (int k : beamWidths) {
        SearchProblem p = new SearchProblem(archBase, models.targets(unreachable), WidthSpace.everyChannel(arch, 1));
        SearchResult r = new ProgressiveSearch(config.withBeamWidth(k).withMaxSteps(costMaxSteps),
            new MacsProxyEvaluator(archBase, 0.9, 0.5)).run(p);
        cost.add(new CostRow(arch.id(), arch.channelGroups().size(), k, "proxy", r.cost().steps(),
            r.cost().candidatesEvaluated(), r.cost().wallTimeMs(), perCandidate,
            r.cost().wallTimeMs() / 1000.0 + r.cost().candidatesEvaluated() * perCandidate));
        System.err.printf(Locale.ROOT, "  %s beam %d: %d steps, %d candidates%n", arch.id(), k, r.cost().steps(),
            r.cost().candidatesEvaluated());
      }
    }
    String costNote = String.format(Locale.ROOT, "'measured' rows are the real runs above, summed over their "
        + "searches (%d evaluations were answered from an earlier identical one: every search's unpruned root, and "
        + "the compression-only progression of a device class, which does not depend on the uplink); 'proxy' rows "
        + "run the same search on setting %s with a goal of %.2fx (out of reach, so each runs up to %d steps) and a "
        + "MACs-proxy accuracy (not a measurement; it "
        + "steers the search differently) so that only the search's own work is timed, and estimate the real wall "
        + "time as candidates x seconds per real candidate (%s: %.2f s measured in this run; %s: %.2f s, timed on 2 "
        + "candidates of an untrained %s with the same recipe). No pretrained %s exists, so it is cost-only.",
        reusing.reused(), settings.get(0).name(), COST_GOAL, costMaxSteps, initial.architecture().id(),
        secondsPerCandidate, second.id(), secondSecondsPerCandidate, second.id(), second.id());

    System.err.println("[6/6] optimality gap against exhaustive enumeration on a small space");
    Optimality optimality = optimality(initial, latency, costTargets, budget, config, reusing);

    Report report = new Report(quick, baseSha, data.root().toString(), parts.train().size(),
        parts.validation().size(), budget, specs.stream().map(TargetSpec::name).toList(), targetOptions.goal,
        jointTargets, latency.emulationNote() + "; measured latencies are p50 of " + budget.requestsPerPlan()
            + " closed-loop requests per plan on a machine shared with other jobs (noisy); edge in its own JVM, "
            + "uplink shaped by a token bucket, rtt emulated; requests of a batched device class carry its batch",
        latency.predictors(), trust, methods, points, EqualAccuracy.bestPairs(comparisons), comparisons, cost,
        costNote, optimality, plots, measurements.plansRun(), reusing.reused(), (System.nanoTime() - start) / 1e9,
        settings);
    Path jsonFile = runDir.resolve("bench-search.json");
    Json.mapper().writeValue(jsonFile.toFile(), report);
    String text = BenchSearchText.render(report, jsonFile);
    Files.writeString(runDir.resolve("bench-search.md"), text);
    if (json) {
      System.out.println(Json.mapper().writeValueAsString(report));
    } else {
      System.out.print(text);
    }
    return 0;
  }

  private static List<TargetSpec> withGoal(List<TargetSpec> targets, LatencyGoal goal) {
    return targets.stream().map(t -> new TargetSpec(t.name(), t.deviceClass(), t.edgeClass(), t.network(), goal))
        .toList();
  }

  private static List<TargetSpec> targetsOf(Setting setting, List<TargetSpec> specs) {
    return specs.stream().filter(t -> setting.targets().contains(t.name())).toList();
  }

  /** The method's outcome on the setting's targets (segmentation only ran once, over every target). */
  private static MethodCost methodCost(Setting setting, SearchResult r, List<TargetSpec> specs) {
    if (r.targets().size() == setting.targets().size()) {
      return new MethodCost(setting.name(), r.method(), r.cost().steps(), r.cost().candidatesEvaluated(),
          r.cost().wallTimeMs(), r.goalReached(), r.message());
    }
    SeriesEntry chosen = r.chosen();
    List<TargetSpec> mine = targetsOf(setting, specs);
    boolean reached = true;
    StringBuilder text = new StringBuilder("the unpruned model at its best cut: ");
    for (TargetSpec t : mine) {
      double goalMs = r.goalsMs().get(r.targets().indexOf(t));
      reached &= chosen.cut(t.name()).latencyMs() <= goalMs;
      text.append(String.format(Locale.ROOT, "%s %.2f ms (goal %.2f ms, cut %d) ", t.name(),
          chosen.cut(t.name()).latencyMs(), goalMs, chosen.cut(t.name()).cutPoint()));
    }
    text.append(String.format(Locale.ROOT, "accuracy %.4f (one run shared by every setting)",
        chosen.reportedAccuracy()));
    return new MethodCost(setting.name(), r.method(), r.cost().steps(), r.cost().candidatesEvaluated(),
        r.cost().wallTimeMs(), reached, text.toString());
  }

  /** Predicted latency is only as good as the predictor: its whole-model error, and predicted vs measured plans. */
  static PredictionTrust trust(List<SearchLatency.DevicePredictor> predictors, List<Point> points, double threshold) {
    Double worst = predictors.stream().map(SearchLatency.DevicePredictor::wholeModelMape)
        .filter(java.util.Objects::nonNull).max(Double::compare).orElse(null);
    double[] errors = points.stream().filter(p -> p.measuredP50Ms() != null && p.measuredP50Ms() > 0)
        .mapToDouble(p -> Math.abs(p.predictedMs() - p.measuredP50Ms()) / p.measuredP50Ms()).sorted().toArray();
    Double median = errors.length == 0 ? null : errors.length % 2 == 1 ? errors[errors.length / 2]
        : (errors[errors.length / 2 - 1] + errors[errors.length / 2]) / 2;
    boolean trustworthy = (worst == null || worst <= threshold) && (median == null || median <= threshold);
    String statement = String.format(Locale.ROOT, "%s: predictors' whole-model error %s, predicted vs measured "
        + "end-to-end over %d plans run for real: median error %s (threshold %.0f%%)%s",
        trustworthy ? "predicted latencies within the threshold" : "predicted-latency comparisons are UNTRUSTWORTHY",
        worst == null ? "unknown (predictors read from files)" : String.format(Locale.ROOT, "up to %.1f%%",
            100 * worst), errors.length, median == null ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * median),
        100 * threshold, trustworthy ? "" : "; believe the measured columns, not the predicted ones");
    return new PredictionTrust(worst, median, threshold, trustworthy, statement);
  }

  /** Seconds per real candidate evaluation of an untrained model of {@code arch}, from two pruned candidates. */
  private static double timeRealCandidates(Architecture arch, CompressionRecipe recipe, ValidationSplit.Parts parts,
      Path runDir) throws Exception {
    ModelSpec spec = ModelSpec.base(arch, parts.validation().numClasses());
    FileArtifactStore store = new FileArtifactStore(runDir.resolve("cost-artifacts"));
    String sha;
    try (NDManager manager = NDManager.newBaseManager();
        Network network = Network.initialize(spec, manager, 1)) {
      sha = store.put(ModelArtifact.of(network)).sha256();
    }
    AccuracyEvaluator real = new LocalAccuracyEvaluator(store, sha, parts.train(), parts.validation(), recipe, recipe);
    List<Candidate> candidates = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      // a quarter of one group pruned, as a search step would; only the time is kept
      ModelSpec pruned = spec.withWidth(i, Math.max(1, spec.width(i) * 3 / 4));
      candidates.add(new Candidate("cost" + i, "", "", 1, SearchAction.initial(), pruned, CutQuantization.NONE,
          List.of(), 1, i));
    }
    long t0 = System.nanoTime();
    real.evaluate(candidates);
    return (System.nanoTime() - t0) / 1e9 / candidates.size();
  }

  /** On the targets of one setting, with the goal relaxed to {@code exhaustiveGoal} so that the small space can meet it. */
  private static Optimality optimality(ModelSpec initial, SearchLatency latency, List<TargetSpec> targets,
      Budget budget, SearchConfig config, AccuracyEvaluator evaluator) {
    Architecture arch = initial.architecture();
    WidthSpace space = WidthSpace.grid(arch, budget.exhaustiveFractions(), budget.exhaustiveGroups());
    LatencyGoal goal = LatencyGoal.fractionOfSegmentationOnly(budget.exhaustiveGoal());
    List<TargetSpec> specs = withGoal(targets, goal);
    SearchProblem problem = new SearchProblem(initial, latency.models().targets(specs), space);
    ExhaustiveSearch exhaustive = new ExhaustiveSearch();
    long combinations = exhaustive.checkedSize(ExhaustiveSearch.choices(initial, space),
        config.quantizeCutAction() ? 2 : 1);
    SearchResult optimum = exhaustive.run(problem, config, evaluator);
    SearchResult joint = new ProgressiveSearch(config, evaluator).run(problem);
    List<String> groups = budget.exhaustiveGroups().stream().map(g -> arch.channelGroups().get(g))
        .map(ChannelGroup::name).toList();
    String description = String.format(Locale.ROOT, "%s channel groups %s at %s of their width, cut tensor float32 or "
        + "INT8, goal %.2fx segmentation-only on %s", arch.id(), groups, budget.exhaustiveFractions(),
        budget.exhaustiveGoal(), specs.stream().map(TargetSpec::name).toList());
    return new Optimality(description, combinations, optimum.message(), joint.message(),
        joint.cost().candidatesEvaluated(), OptimalityGap.of(joint, optimum));
  }

  /**
   * Per setting and target: accuracy against predicted latency, and against measured latency, one curve per method;
   * the predicted plot's caption says so when predicted latencies are untrustworthy.
   */
  private static List<String> writePlots(List<Setting> settings, List<Point> points, Path dir, String device,
      PredictionTrust trust) {
    List<String> files = new ArrayList<>();
    String predicted = "predicted; " + device + (trust.trustworthy() ? "" : String.format(Locale.ROOT,
        "; UNTRUSTWORTHY: predictor error %s > %.0f%%", trust.worstWholeModelError() != null
            && trust.worstWholeModelError() > trust.threshold()
            ? String.format(Locale.ROOT, "%.0f%%", 100 * trust.worstWholeModelError())
            : String.format(Locale.ROOT, "%.0f%% (plans)", 100 * trust.planMedianError()), 100 * trust.threshold()));
    for (Setting setting : settings) {
      files.addAll(SearchOutput.writePlots(setting.report(), dir, predicted));
      for (String target : setting.targets()) {
        List<SvgPlot.Series> series = new ArrayList<>();
        for (SearchResult r : setting.report().results()) {
          List<SvgPlot.Point> xy = points.stream()
              .filter(p -> p.setting().equals(setting.name()) && p.method().equals(r.method())
                  && p.target().equals(target) && p.measuredP50Ms() != null)
              .map(p -> new SvgPlot.Point(p.measuredP50Ms(), 100 * p.accuracy()))
              .sorted(Comparator.comparingDouble(SvgPlot.Point::x)).toList();
          series.add(new SvgPlot.Series(r.method(), xy));
        }
        Path file = dir.resolve("measured-accuracy-latency-" + SearchOutput.fileName(target) + ".svg");
        new SvgPlot("Accuracy vs measured end-to-end latency: " + target, "measured p50, real split inference; "
            + device, "end-to-end latency (ms)", "top-1 accuracy (%)", series).write(file);
        files.add(file.toString());
      }
    }
    return files;
  }
}
