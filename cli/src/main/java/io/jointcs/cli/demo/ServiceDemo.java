package io.jointcs.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.jointcs.artifact.ModelArtifact;
import io.jointcs.data.DatasetLocator;
import io.jointcs.events.DeploymentPlan;
import io.jointcs.events.NetworkChange;
import io.jointcs.kafka.embedded.EmbeddedKafkaBroker;
import io.jointcs.progress.ProgressBar;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code jointcs demo}: the platform running for real on this machine. Starts an embedded Kafka broker, the four
 * services as JVMs of their own, and two device agents of different classes; the agents' layer profiling flows
 * through ingestion into predictor-training, which publishes their latency predictors; a joint search of the
 * pretrained ResNet-20 runs through the orchestrator and the compression executor; plans reach both devices; then
 * one agent's EMULATED uplink is lowered and the demo times the automatic re-segmentation on jointcs.plans.
 * Optionally it then times N more alternating changes ({@link ReactionRun}) and measures every process' resident
 * memory idle, during the search and under the ingestion load of {@code load-tests/run ingest}.
 * Everything it started is stopped at the end, on failure and on Ctrl-C.
 */
public final class ServiceDemo {
  private final int phases;
  private static final Duration POLL = Duration.ofSeconds(1);

  /** The name the demo's own JVM (embedded broker, plan watcher, driver) has in memory figures. */
  static final String BROKER_IN_DEMO_JVM = "broker-in-demo-jvm";

  private final DemoSettings settings;
  private final PrintStream out; // progress and operator messages; the report goes to stdout
  private final HttpJson http = new HttpJson();
  private final Map<String, Double> phaseSeconds = new LinkedHashMap<>();
  private long phaseStart;
  private String lastPhase;

  /** An agent the demo started. */
  private record Agent(String deviceId, String deviceClass, ChildProcess process, URI admin) {}

  public ServiceDemo(DemoSettings settings, PrintStream out) {
    this.settings = settings;
    this.out = out;
    this.phases = 7 + (settings.networkChanges() > 1 ? 1 : 0) + (settings.memory() != null ? 1 : 0);
  }

  /** Runs the demo; everything started is stopped before this returns or throws. */
  public DemoReport run() throws Exception {
    ServiceLayout layout = new ServiceLayout(settings.home());
    layout.requireBuilt();
    Files.createDirectories(settings.runDir().resolve("logs"));
    ModelArtifact base = ModelArtifact.readFile(settings.baseModel());
    quietKafkaClientLogging();

    phase(1, "embedded Kafka broker");
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().port(0).start();
        ProcessGroup group = new ProcessGroup(Duration.ofSeconds(20), out);
        PlanWatcher watcher = new PlanWatcher(broker.bootstrapServers())) {
      out.printf("  broker at %s, every catalogue topic created%n", broker.bootstrapServers());
      try {
        return runServices(broker, group, watcher, layout, base);
      } catch (Exception e) {
        if (group.stoppedBySignal()) {
          throw new DemoFailure("stopped by Ctrl-C/SIGTERM (what failed then: " + e + ")");
        }
        throw e;
      }
    }
  }

  private DemoReport runServices(EmbeddedKafkaBroker broker, ProcessGroup group, PlanWatcher watcher,
      ServiceLayout layout, ModelArtifact base) throws Exception {
    DemoSettings.Budget budget = settings.budget();
    Launcher launcher = new Launcher(layout, settings.runDir(), group);

    phase(2, "services: profiling-ingestion, predictor-training, compression-execution, search-orchestration");
    List<DemoReport.ServiceView> serviceViews = new ArrayList<>();
    Map<String, RunningService> services = startServices(launcher, broker.bootstrapServers(), serviceViews);
    RunningService executor = services.get(ServiceLayout.EXECUTION);
    RunningService trainer = services.get(ServiceLayout.TRAINING);
    RunningService orchestrator = services.get(ServiceLayout.ORCHESTRATION);
    Map<String, Long> pids = new LinkedHashMap<>();
    services.forEach((k, v) -> pids.put(k, v.process().pid()));
    pids.put(BROKER_IN_DEMO_JVM, ProcessHandle.current().pid());
    Map<String, Long> idleRss = null;
    double idleLoad = Double.NaN;
    if (settings.memory() != null) {
      Launcher.sleep(settings.memory().idle());
      group.check();
      idleRss = MemorySampler.now(pids);
      idleLoad = ReactionRun.loadAverage();
      out.printf(Locale.ROOT, "  resident memory idle (%d s after ready, load %.2f): %s%n",
          settings.memory().idle().toSeconds(), idleLoad, mib(idleRss));
    }
    upload(executor, base);

    phase(3, "device agents of classes " + DemoSettings.DEVICE_CLASS_A + " and " + DemoSettings.DEVICE_CLASS_B);
    List<Agent> agents = List.of(
        startAgent(launcher, "demo-a", DemoSettings.DEVICE_CLASS_A, broker.bootstrapServers(), executor, 1),
        startAgent(launcher, "demo-b", DemoSettings.DEVICE_CLASS_B, broker.bootstrapServers(), executor, 2,
            "--threads", "1", "--emulated-slowdown", num(DemoSettings.SLOWDOWN_B)));
    List<DemoReport.AgentView> agentViews = agents.stream().map(a -> new DemoReport.AgentView(a.deviceId(),
        a.deviceClass(), a.admin().getPort(), settings.initialMbps(), settings.rttMs(), a.process().log().toString()))
        .toList();

    phase(4, "latency predictors from the agents' profiled layers (telemetry -> ingestion -> predictor-training)");
    List<DemoReport.PredictorView> predictors = awaitPredictors(group, trainer);

    DemoReport.Goal goal = goal(broker.bootstrapServers(), base);
    phase(5, "joint search of " + base.spec().architecture().id() + " (" + budget.searchSteps() + " step(s), "
        + budget.fineTuneSteps() + " fine-tuning steps per candidate, goal " + String.format(Locale.ROOT, "%.1f",
        goal.goalMs()) + " ms)");
    DemoReport.SearchView search;
    Map<String, Long> searchRss = null;
    double searchLoad = Double.NaN;
    try (MemorySampler sampler = MemorySampler.start(pids)) {
      search = runSearch(group, orchestrator, base, goal.goalMs());
      searchRss = sampler.max();
      searchLoad = sampler.loadAverageMax();
    }

    phase(6, "deployment plans of both devices");
    List<DemoReport.PlanView> plans = new ArrayList<>();
    for (Agent a : agents) {
      Optional<PlanWatcher.Observed<DeploymentPlan>> plan = watcher.awaitPlan(a.deviceId(),
          p -> search.searchId().equals(p.getSearchId()), budget.planTimeout());
      group.check();
      if (plan.isEmpty()) {
        throw new DemoFailure("no plan of device " + a.deviceId() + " from search " + search.searchId() + " on "
            + "jointcs.plans within " + budget.planTimeout().toSeconds() + " s (is its network state known? see "
            + a.process().log() + " and " + orchestrator.process().log() + ")");
      }
    }
    // let the agents apply them and finish one 5 s latency window, so /status shows what runs and how fast
    Launcher.sleep(Duration.ofSeconds(7));
    for (Agent a : agents) {
      plans.add(planView(watcher.latestPlan(a.deviceId()).orElseThrow().event(), a));
    }

    phase(7, "lowering one agent's EMULATED uplink; waiting for the automatic re-segmentation");
    DemoReport.Resegmentation reseg = resegment(group, watcher, agents, plans);
    int phase = 7;
    DemoReport.Reaction reaction = null;
    if (settings.networkChanges() > 1) {
      Agent moved = agents.stream().filter(x -> x.deviceId().equals(reseg.deviceId())).findFirst().orElseThrow();
      Duration settle = Duration.ofMillis((long) (2000 * budget.probeIntervalSec()) + 1000);
      phase(++phase, String.format(Locale.ROOT, "reaction time: %d alternating changes of %s's EMULATED uplink "
          + "(%s <-> %s Mbit/s, %d s apart)", settings.networkChanges(), moved.deviceId(),
          num(settings.loweredMbps()), num(settings.initialMbps()), settle.toSeconds()));
      reaction = new ReactionRun(watcher, group, out).run(moved.deviceId(), moved.admin(),
          new double[] {settings.loweredMbps(), settings.initialMbps()}, settings.rttMs(), settings.networkChanges(),
          budget.planTimeout(), settle);
      ReactionFiles.write(reaction, settings.runDir());
    }
    DemoReport.Memory memory = null;
    if (settings.memory() != null) {
      phase(++phase, String.format(Locale.ROOT, "resident memory under ingestion load (load-tests/run ingest, %s "
          + "records/s, %.0f%% invalid, %d s)", num(settings.memory().loadRate()), 100 * settings.memory().invalid(),
          settings.memory().loadDuration().toSeconds()));
      memory = memoryUnderLoad(launcher, group, broker.bootstrapServers(), pids, idleRss, idleLoad, searchRss,
          searchLoad);
    }
    phaseSeconds.put(lastPhase, (System.nanoTime() - phaseStart) / 1e9);

    List<DemoReport.PlanView> finalPlans = new ArrayList<>();
    for (Agent a : agents) {
      finalPlans.add(planView(watcher.latestPlan(a.deviceId()).orElseThrow().event(), a));
    }
    group.check();
    return new DemoReport(budget.name(), settings.runDir().toString(), settings.dataDir().toString(),
        base.sha256(), serviceViews, agentViews, predictors, search, plans, finalPlans, reseg, goal, reaction, memory,
        phaseSeconds,
        "Device " + DemoSettings.DEVICE_CLASS_A + " is this CPU with 1 PyTorch thread (real); device "
            + DemoSettings.DEVICE_CLASS_B + " is the same configuration EMULATED " + num(DemoSettings.SLOWDOWN_B)
            + "x slower (its profiled layer latencies scaled, its head sleeping after its compute; its events say "
            + "emulated). The edge is a co-located JVM per agent (1 thread, class " + DemoSettings.EDGE_CLASS
            + "). The uplinks are EMULATED: a token bucket in each agent's sender plus an added round-trip time, "
            + "changed at run time through POST /link.");
  }

  // ---------------------------------------------------------------- phases

  private Map<String, RunningService> startServices(Launcher launcher, String bootstrap,
      List<DemoReport.ServiceView> views) throws IOException {
    DemoSettings.Budget budget = settings.budget();
    Path run = settings.runDir().toAbsolutePath();
    String artifacts = run.resolve("artifacts").toString();
    Map<String, Map<String, String>> props = new LinkedHashMap<>();
    props.put(ServiceLayout.INGESTION, Map.of(
        "kafka.bootstrap.servers", bootstrap,
        "kafka-streams.state.dir", run.resolve("state/ingestion").toString(),
        "jointcs.ingestion.device-classes", DemoSettings.DEVICE_CLASS_A + "," + DemoSettings.DEVICE_CLASS_B));
    props.put(ServiceLayout.TRAINING, Map.of(
        "kafka.bootstrap.servers", bootstrap,
        "jointcs.training.min-first-training-samples", Integer.toString(budget.minFirstTrainingSamples()),
        "jointcs.training.min-holdout-samples", Integer.toString(budget.minHoldoutSamples()),
        "jointcs.training.min-new-samples", Integer.toString(budget.minFirstTrainingSamples()),
        "jointcs.training.min-interval", "5s"));
    props.put(ServiceLayout.EXECUTION, Map.of(
        "kafka.bootstrap.servers", bootstrap,
        "jointcs.artifacts.root", artifacts,
        "jointcs.datasets.cifar10", settings.dataDir().toAbsolutePath().toString(),
        "jointcs.executor.intra-op-threads", "2",
        // the demo's candidates are throwaway: on stop, an evaluation in flight is abandoned after 5 s, not 30
        "jointcs.executor.shutdown-grace", "5s",
        "jointcs.executor.recipe.validation-images", Integer.toString(budget.validationImages()),
        "jointcs.executor.recipe.recalibration-batches", Integer.toString(budget.recalibrationBatches())));
    props.put(ServiceLayout.ORCHESTRATION, Map.of(
        "kafka.bootstrap.servers", bootstrap,
        "jointcs.artifacts.root", artifacts,
        "jointcs.predictors.archive-dir", run.resolve("predictor-archive").toString()));
    Map<String, String> heap = Map.of(ServiceLayout.INGESTION, "512m", ServiceLayout.TRAINING, "512m",
        ServiceLayout.EXECUTION, "2g", ServiceLayout.ORCHESTRATION, "768m");
    long t0 = System.nanoTime();
    Map<String, ChildProcess> started = new LinkedHashMap<>();
    for (var e : props.entrySet()) {
      started.put(e.getKey(), launcher.startQuarkus(e.getKey(), heap.get(e.getKey()), e.getValue()));
    }
    Map<String, RunningService> ready = new LinkedHashMap<>();
    for (var e : started.entrySet()) {
      long left = budget.startTimeout().toNanos() - (System.nanoTime() - t0);
      RunningService s = launcher.awaitReady(e.getValue(), Duration.ofNanos(Math.max(left, 1_000_000_000L)));
      double sec = (System.nanoTime() - t0) / 1e9;
      out.printf(Locale.ROOT, "  %s ready at %s (%.1f s after start)%n", s.name(), s.baseUrl(), sec);
      views.add(new DemoReport.ServiceView(s.name(), s.baseUrl().toString(), sec, s.process().log().toString()));
      ready.put(e.getKey(), s);
    }
    return ready;
  }

  /** The base model into the executors' artifact store over HTTP, as a user would upload it. */
  private void upload(RunningService executor, ModelArtifact base) throws IOException {
    byte[] bytes = Files.readAllBytes(settings.baseModel());
    HttpJson.Answer a = http.putBytes(executor.resolve("artifacts?sha256=" + base.sha256()), bytes);
    if (!a.ok()) {
      throw new DemoFailure("uploading the base model to " + executor.name() + " failed: " + a.status() + " "
          + a.error() + "; log: " + executor.process().log());
    }
    out.printf(Locale.ROOT, "  base model %s (%s, %.1f MB) uploaded: PUT /artifacts answered %d%n",
        base.sha256().substring(0, 12), base.spec().architecture().id(), bytes.length / 1e6, a.status());
  }

  private Agent startAgent(Launcher launcher, String deviceId, String deviceClass, String bootstrap,
      RunningService executor, int seed, String... extra) throws IOException {
    DemoSettings.Budget budget = settings.budget();
    List<String> args = List.of("--device-id", deviceId, "--device-class", deviceClass, "--kafka", bootstrap,
        "--artifact-url", executor.baseUrl().toString(), "--local-edge", "--edge-threads", "1",
        "--uplink-mbps", num(settings.initialMbps()), "--rtt-ms", num(settings.rttMs()), "--admin-port", "0",
        "--rate", "2", "--profile-layers", Integer.toString(budget.profileLayers()), "--profile-chunk", "10",
        "--probe-interval-s", num(budget.probeIntervalSec()), "--plan-poll-s", "1", "--report-s", "5",
        "--cache-dir", settings.runDir().toAbsolutePath().resolve("agents").resolve(deviceId).toString(),
        "--label", "demo-run=" + settings.runDir().getFileName(), "--seed", Integer.toString(seed));
    List<String> all = new ArrayList<>(args);
    all.addAll(List.of(extra));
    inputImages().ifPresent(dir -> all.addAll(List.of("--images", dir.toString())));
    ChildProcess p = launcher.startAgent(deviceId, "768m", all);
    int port = launcher.agentAdminPort(p, budget.startTimeout());
    URI admin = URI.create("http://127.0.0.1:" + port + "/");
    out.printf(Locale.ROOT, "  agent %s (%s) up, admin %s, EMULATED uplink %s Mbit/s + %s ms RTT%n", deviceId,
        deviceClass, admin, num(settings.initialMbps()), num(settings.rttMs()));
    return new Agent(deviceId, deviceClass, p, admin);
  }

  /**
   * The agents classify the data set's test split when it has one (an ImageFolder {@code test/} or the CIFAR binary
   * release); otherwise random CIFAR-sized inputs, which cost the same compute and transfer.
   */
  private Optional<Path> inputImages() {
    Path dir = settings.dataDir().toAbsolutePath();
    try {
      DatasetLocator.Dataset d = DatasetLocator.detect(dir, "--data");
      boolean hasTest = d.layout() != DatasetLocator.Layout.IMAGE_FOLDER || Files.isDirectory(d.root().resolve("test"));
      if (hasTest) {
        return Optional.of(dir);
      }
    } catch (IOException e) {
      // not a layout the agent reads either: random inputs
    }
    out.printf("  %s has no test split: the agents send random CIFAR-sized inputs (same compute and transfer)%n", dir);
    return Optional.empty();
  }

  /** Waits until predictor-training published a predictor for every class the search needs. */
  private List<DemoReport.PredictorView> awaitPredictors(ProcessGroup group, RunningService trainer)
      throws IOException {
    DemoSettings.Budget budget = settings.budget();
    Set<String> wanted = new TreeSet<>(List.of(DemoSettings.DEVICE_CLASS_A, DemoSettings.DEVICE_CLASS_B,
        DemoSettings.EDGE_CLASS));
    ProgressBar bar = new ProgressBar("  training samples", (long) wanted.size() * budget.minFirstTrainingSamples(),
        out);
    long deadline = System.nanoTime() + budget.predictorTimeout().toNanos();
    String shownStatus = "";
    while (true) {
      group.check();
      HttpJson.Answer a = http.get(trainer.resolve("predictors"));
      Map<String, JsonNode> byClass = new LinkedHashMap<>();
      if (a.ok() && a.json() != null) {
        a.json().forEach(c -> byClass.put(c.path("deviceClass").asText(), c));
      }
      long samples = 0;
      StringBuilder status = new StringBuilder();
      for (String c : wanted) {
        JsonNode n = byClass.get(c);
        long s = n == null ? 0 : n.path("trainingSet").path("trainingSamples").asLong(0);
        samples += Math.min(s, budget.minFirstTrainingSamples());
        status.append(c).append(' ').append(s).append(n != null && n.hasNonNull("predictor") ? " (v"
            + n.get("predictor").path("version").asLong() + ") " : " ");
      }
      boolean done = wanted.stream().allMatch(c -> byClass.containsKey(c) && byClass.get(c).hasNonNull("predictor"));
      if (!status.toString().equals(shownStatus)) {
        shownStatus = status.toString();
        bar.update(done ? (long) wanted.size() * budget.minFirstTrainingSamples() : samples, status.toString().trim());
      }
      if (done) {
        List<DemoReport.PredictorView> views = new ArrayList<>();
        for (String c : wanted) {
          JsonNode p = byClass.get(c).get("predictor");
          views.add(new DemoReport.PredictorView(c, p.path("version").asLong(), p.path("trainingSampleCount").asLong(),
              p.path("validationSampleCount").asLong(), p.path("mape").asDouble(), p.path("emulated").asBoolean()));
          out.printf(Locale.ROOT, "  predictor %s v%d: %d training samples, hold-out MAPE %.1f%%%n", c,
              p.path("version").asLong(), p.path("trainingSampleCount").asLong(), 100 * p.path("mape").asDouble());
        }
        return views;
      }
      if (System.nanoTime() > deadline) {
        throw new DemoFailure("no latency predictor for every class of " + wanted + " after "
            + budget.predictorTimeout().toSeconds() + " s (" + status.toString().trim() + " training samples); logs: "
            + trainer.process().log() + ", " + settings.runDir().resolve("logs") + "/profiling-ingestion.log and the "
            + "agents' logs");
      }
      Launcher.sleep(POLL);
    }
  }

  /**
   * The latency goal: {@code --goal-ms}, or {@link DemoSettings#DEFAULT_GOAL_SHARE} of the base model's predicted
   * latency on its slowest target (one search step of {@link DemoSettings#REDUCTION_STEP} reaches it).
   */
  private DemoReport.Goal goal(String bootstrap, ModelArtifact base) {
    List<io.jointcs.search.NetworkLink> links = List.of(settings.initialMbps(), settings.loweredMbps()).stream()
        .map(m -> io.jointcs.search.NetworkLink.ofMbps(num(m) + "Mbit-" + num(settings.rttMs()) + "ms", m,
            settings.rttMs())).toList();
    DemoGoal.Worst worst = DemoGoal.baseWorst(bootstrap, base.spec(), List.of(DemoSettings.DEVICE_CLASS_A,
        DemoSettings.DEVICE_CLASS_B), DemoSettings.EDGE_CLASS, links, Duration.ofSeconds(30));
    DemoReport.Goal goal = settings.goalMs() != null
        ? new DemoReport.Goal(settings.goalMs(), "--goal-ms", worst.latencyMs(), worst.target())
        : new DemoReport.Goal(DemoSettings.DEFAULT_GOAL_SHARE * worst.latencyMs(), String.format(Locale.ROOT,
            "%.0f%% of the base model's predicted %.1f ms on its slowest target %s", 100
                * DemoSettings.DEFAULT_GOAL_SHARE, worst.latencyMs(), worst.target()), worst.latencyMs(),
            worst.target());
    out.printf(Locale.ROOT, "  latency goal %.1f ms (%s)%n", goal.goalMs(), goal.source());
    return goal;
  }

  private DemoReport.SearchView runSearch(ProcessGroup group, RunningService orchestrator, ModelArtifact base,
      double goalMs) throws IOException {
    DemoSettings.Budget budget = settings.budget();
    String searchId = "demo-" + settings.runDir().getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "-");
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("searchId", searchId);
    request.put("baseModelSha256", base.sha256());
    request.put("datasetId", "cifar10");
    request.put("deviceClasses", List.of(DemoSettings.DEVICE_CLASS_A, DemoSettings.DEVICE_CLASS_B));
    request.put("edgeClass", DemoSettings.EDGE_CLASS);
    request.put("networkConditions", List.of(network(settings.initialMbps()), network(settings.loweredMbps())));
    // the search compresses until the goal is met (or its step and wall-time budgets end it); plans take the most
    // accurate model of the series that meets the goal on each device's network, else the fastest
    request.put("latencyTargetMs", goalMs);
    request.put("latencyReductionStep", DemoSettings.REDUCTION_STEP);
    request.put("maxSteps", budget.searchSteps());
    request.put("maxWallTimeMs", budget.searchWallTime().toMillis());
    request.put("fineTune", Map.of("optimizerSteps", budget.fineTuneSteps(), "batchSize", budget.fineTuneBatch(),
        "learningRate", 0.01));
    request.put("seed", 1);
    long t0 = System.nanoTime();
    long deadline = t0 + budget.searchTimeout().toNanos();
    // the orchestrator learns the predictors from jointcs.predictors a moment after predictor-training published them
    HttpJson.Answer accepted;
    while (true) {
      accepted = http.postJson(orchestrator.resolve("searches"), request);
      if (accepted.ok() || System.nanoTime() > t0 + Duration.ofSeconds(60).toNanos()
          || !(accepted.status() == 503 || accepted.error().contains("unknown device class"))) {
        break;
      }
      Launcher.sleep(POLL);
    }
    if (!accepted.ok()) {
      throw new DemoFailure("POST /searches answered " + accepted.status() + ": " + accepted.error() + "; log: "
          + orchestrator.process().log());
    }
    out.printf("  search %s requested (%d)%n", searchId, accepted.status());
    // steps, then the final fine-tune of the chosen model
    ProgressBar bar = new ProgressBar("  search", budget.searchSteps() + 1, out);
    String shown = "";
    JsonNode summary;
    while (true) {
      group.check();
      HttpJson.Answer a = http.get(orchestrator.resolve("searches/" + searchId));
      if (a.status() == 422) {
        throw new DemoFailure("the search was not started: " + a.error());
      }
      summary = a.ok() && a.json() != null ? a.json().path("summary") : null;
      if (summary != null) {
        boolean running = "RUNNING".equals(summary.path("status").asText());
        String status = String.format(Locale.ROOT, "step %d, %d candidates evaluated, %d states accepted",
            summary.path("step").asInt(), summary.path("candidatesEvaluated").asInt(),
            summary.path("acceptedStates").asInt());
        if (!status.equals(shown) || !running) {
          shown = status;
          bar.update(running ? Math.min(summary.path("step").asInt(), budget.searchSteps()) : budget.searchSteps() + 1,
              status);
        }
        if (!running) {
          break;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new DemoFailure("search " + searchId + " still running after " + budget.searchTimeout().toSeconds()
            + " s; logs: " + orchestrator.process().log() + ", " + settings.runDir().resolve("logs")
            + "/compression-execution.log");
      }
      Launcher.sleep(POLL);
    }
    double wallSec = (System.nanoTime() - t0) / 1e9;
    if ("FAILED".equals(summary.path("status").asText())) {
      throw new DemoFailure("search " + searchId + " failed: " + summary.path("error").asText() + "; logs: "
          + orchestrator.process().log() + ", " + settings.runDir().resolve("logs") + "/compression-execution.log");
    }
    HttpJson.Answer series = http.get(orchestrator.resolve("searches/" + searchId + "/series"));
    List<DemoReport.SeriesEntry> entries = new ArrayList<>();
    if (series.ok() && series.json() != null) {
      for (JsonNode s : series.json()) {
        List<DemoReport.Placement> placements = new ArrayList<>();
        s.path("placements").forEach(p -> placements.add(new DemoReport.Placement(p.path("target").asText(),
            p.path("cutPoint").asInt(), p.path("blockCount").asInt(), p.path("deviceMs").asDouble(),
            p.path("transferMs").asDouble(), p.path("edgeMs").asDouble(), p.path("totalMs").asDouble())));
        double accuracy = s.hasNonNull("finalAccuracy") ? s.get("finalAccuracy").asDouble()
            : s.path("accuracy").asDouble();
        entries.add(new DemoReport.SeriesEntry(s.path("candidateId").asText(), s.path("step").asInt(), accuracy,
            s.path("artifactSha256").asText(), placements));
      }
    }
    Path svg = settings.runDir().resolve("front.svg");
    HttpJson.Answer front = http.get(orchestrator.resolve("searches/" + searchId + "/front.svg"));
    if (front.ok()) {
      Files.writeString(svg, front.body());
    }
    out.printf(Locale.ROOT, "  search %s %s (%s) in %.0f s: %d candidates evaluated, series of %d model(s)%n",
        searchId, summary.path("status").asText(), summary.path("outcome").asText(), wallSec,
        summary.path("candidatesEvaluated").asInt(), entries.size());
    return new DemoReport.SearchView(searchId, summary.path("status").asText(), summary.path("outcome").asText(),
        summary.path("step").asInt(), summary.path("candidatesEvaluated").asInt(), wallSec, entries,
        front.ok() ? svg.toString() : null, null);
  }

  /**
   * Lowers the uplink of the device that offloads the most (the smallest cut share: lowering its bandwidth is what
   * can move its cut), then waits for a newer plan of that device on jointcs.plans.
   */
  private DemoReport.Resegmentation resegment(ProcessGroup group, PlanWatcher watcher, List<Agent> agents,
      List<DemoReport.PlanView> plans) throws Exception {
    int pick = 0;
    for (int i = 1; i < plans.size(); i++) {
      if ((double) plans.get(i).cutPoint() / plans.get(i).blockCount()
          < (double) plans.get(pick).cutPoint() / plans.get(pick).blockCount()) {
        pick = i;
      }
    }
    Agent agent = agents.get(pick);
    DemoReport.PlanView before = plans.get(pick);
    long beforeVersion = before.version();
    long changedAt = System.currentTimeMillis();
    HttpJson.Answer a = http.post(agent.admin().resolve("link?mbps=" + num(settings.loweredMbps()) + "&rttMs="
        + num(settings.rttMs())));
    if (!a.ok()) {
      throw new DemoFailure("POST /link on agent " + agent.deviceId() + " answered " + a.status() + ": " + a.error());
    }
    out.printf(Locale.ROOT, "  %s: EMULATED uplink %s -> %s Mbit/s (plan v%d, cut %d/%d); waiting up to %d s%n",
        agent.deviceId(), num(settings.initialMbps()), num(settings.loweredMbps()), beforeVersion, before.cutPoint(),
        before.blockCount(), settings.budget().planTimeout().toSeconds());
    Optional<PlanWatcher.Observed<DeploymentPlan>> next = watcher.awaitPlan(agent.deviceId(),
        p -> p.getPlanVersion() > beforeVersion, settings.budget().planTimeout());
    group.check();
    List<PlanWatcher.Observed<NetworkChange>> changes = watcher.changes(agent.deviceId()).stream()
        .filter(c -> c.receivedAtEpochMs() >= changedAt).toList();
    if (next.isEmpty()) {
      String note = String.format(Locale.ROOT, "no newer plan within %d s; %d NetworkChange event(s) of %s seen "
          + "(the new predicted latency did not beat the current plan by the hysteresis, or the change was not "
          + "detected); see the orchestrator's log", settings.budget().planTimeout().toSeconds(), changes.size(),
          agent.deviceId());
      out.println("  " + note);
      return new DemoReport.Resegmentation(agent.deviceId(), settings.initialMbps(), settings.loweredMbps(), before,
          null, changes.size(), null, null, null, note);
    }
    PlanWatcher.Observed<DeploymentPlan> plan = next.get();
    double reactionMs = plan.receivedAtEpochMs() - changedAt;
    Double fromChange = changes.isEmpty() ? null : (double) plan.receivedAtEpochMs() - changes.get(0)
        .receivedAtEpochMs();
    Double appliedAfter = awaitApplied(agent, plan.event().getPlanVersion()).map(t -> (double) (t - changedAt))
        .orElse(null);
    DemoReport.PlanView after = planView(plan.event(), agent);
    out.printf(Locale.ROOT, "  new plan v%d for %s: cut %d/%d -> %d/%d (%s: %s) %.0f ms after the link change%n",
        after.version(), agent.deviceId(), before.cutPoint(), before.blockCount(), after.cutPoint(),
        after.blockCount(), after.reason(), after.reasonText(), reactionMs);
    return new DemoReport.Resegmentation(agent.deviceId(), settings.initialMbps(), settings.loweredMbps(), before,
        after, changes.size(), reactionMs, fromChange, appliedAfter, null);
  }

  /** When the agent says it runs plan {@code version} (its applied time, epoch ms); empty if not within 30 s. */
  private Optional<Long> awaitApplied(Agent agent, long version) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        JsonNode plan = http.get(agent.admin().resolve("status")).json().path("plan");
        if (plan.path("version").asLong(-1) >= version) {
          return Optional.of(plan.path("appliedAtEpochMs").asLong());
        }
      } catch (IOException | NullPointerException e) {
        // the agent is busy or restarting its edge: ask again
      }
      Launcher.sleep(Duration.ofMillis(500));
    }
    return Optional.empty();
  }

  private DemoReport.PlanView planView(DeploymentPlan p, Agent agent) {
    long applied = -1;
    String latency = null;
    try {
      JsonNode status = http.get(agent.admin().resolve("status")).json();
      applied = status.path("plan").path("version").asLong(-1);
      JsonNode e2e = status.path("lastLatency").path("endToEnd");
      if (!e2e.isMissingNode() && !e2e.isNull()) {
        latency = String.format(Locale.ROOT, "plan v%d: p50 %.1f ms, p90 %.1f ms over %d requests",
            status.path("lastLatency").path("planVersion").asLong(), e2e.path("p50Ms").asDouble(),
            e2e.path("p90Ms").asDouble(), e2e.path("count").asLong());
      }
    } catch (IOException | NullPointerException e) {
      latency = "agent status unavailable: " + e.getMessage();
    }
    var n = p.getAssumedNetwork();
    var l = p.getPredictedLatency();
    return new DemoReport.PlanView(p.getDeviceId(), p.getDeviceClass(), p.getPlanVersion(), p.getModel().getSha256(),
        p.getCutPoint(), p.getBlockCount(), n.getName(), n.getUplinkBandwidthBytesPerSec() * 8 / 1e6, n.getRttMs(),
        l.getDeviceMs(), l.getTransferMs(), l.getEdgeMs(), l.getTotalMs(), p.getExpectedAccuracy(),
        p.getReason().name(), p.getReasonText(), p.getEmulated(), applied, latency);
  }

  /**
   * Runs load-tests/run ingest against this demo's broker (its ingestion validates the records) with every process
   * watched, and reads resident memory idle and under load from its report.
   */
  private DemoReport.Memory memoryUnderLoad(Launcher launcher, ProcessGroup group, String bootstrap,
      Map<String, Long> pids, Map<String, Long> idleRss, double idleLoad, Map<String, Long> searchRss,
      double searchLoad) throws IOException, InterruptedException {
    DemoSettings.MemoryLoad m = settings.memory();
    Path dir = settings.runDir().toAbsolutePath().resolve("memory-load");
    List<String> command = new ArrayList<>(List.of("bash", settings.home().resolve("load-tests/run").toAbsolutePath()
        .toString(), "ingest", "--bootstrap", bootstrap, "--transport", "kafka", "--rates", num(m.loadRate()),
        "--duration", m.loadDuration().toSeconds() + "s", "--warmup", "5s", "--invalid", num(m.invalid()),
        "--devices", "100", "--device-prefix", "memload-", "--device-class", DemoSettings.DEVICE_CLASS_A,
        "--idle", "5s", "--out", dir.toString()));
    pids.forEach((name, pid) -> command.addAll(List.of("--watch", name + "=" + pid)));
    ChildProcess load = group.startTask("load-generator", command, Map.of(), settings.home(),
        launcher.logFile("load-generator"));
    Duration limit = m.loadDuration().plus(Duration.ofMinutes(4)); // its build (first time), idle, drain
    Process ended = load.onExit().completeOnTimeout(null, limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
        .join();
    group.check();
    if (ended == null || ended.exitValue() != 0) {
      throw new DemoFailure("load-tests/run ingest " + (ended == null ? "did not finish within " + limit.toSeconds()
          + " s" : "failed with exit code " + ended.exitValue()) + "; log: " + load.log());
    }
    JsonNode report = io.jointcs.json.Json.mapper().readTree(dir.resolve("report.json").toFile());
    Map<String, Long> loadIdle = longs(report.path("idleRssBytes"));
    JsonNode run = report.path("ingestion").path(0);
    if (run.isMissingNode()) {
      run = findRun(report);
    }
    Map<String, Long> loadMax = longs(run.path("rssMaxBytes"));
    Map<String, Long> loadMean = longs(run.path("rssMeanBytes"));
    String summary = String.format(Locale.ROOT, "in %.0f records/s, out %.0f/s, load average 1 min mean %.2f max "
        + "%.2f", run.path("inputRate").asDouble(Double.NaN), run.path("outputRate").asDouble(Double.NaN),
        run.path("load1mMean").asDouble(Double.NaN), run.path("load1mMax").asDouble(Double.NaN));
    out.printf("  under load: %s; max %s%n", summary, mib(loadMax));
    return new DemoReport.Memory(idleRss, idleLoad, searchRss, searchLoad, loadIdle, loadMax, loadMean,
        String.join(" ", command), dir.resolve("report.md").toString(), summary,
        "VmRSS of each process; '" + BROKER_IN_DEMO_JVM + "' is the demo's own JVM, which runs the embedded broker "
            + "with the demo's plan watcher and driver: an upper bound of the broker's");
  }

  /** The first ingestion run of a load-tests report, wherever the report keeps it. */
  private static JsonNode findRun(JsonNode report) {
    for (JsonNode n : report) {
      if (n.isArray() && n.size() > 0 && n.get(0).has("rssMaxBytes")) {
        return n.get(0);
      }
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }

  private static Map<String, Long> longs(JsonNode n) {
    Map<String, Long> out = new LinkedHashMap<>();
    n.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asLong()));
    return out;
  }

  static String mib(Map<String, Long> rss) {
    List<String> parts = new ArrayList<>();
    rss.forEach((k, v) -> parts.add(String.format(Locale.ROOT, "%s %.0f MiB", k, v / 1048576.0)));
    return String.join(", ", parts);
  }

  // ---------------------------------------------------------------- helpers

  private Map<String, Object> network(double mbps) {
    return Map.of("name", num(mbps) + "Mbit-" + num(settings.rttMs()) + "ms", "uplinkBandwidthBytesPerSec",
        mbps * 1e6 / 8, "rttMs", settings.rttMs());
  }

  private void phase(int n, String what) {
    long now = System.nanoTime();
    if (phaseStart != 0) {
      phaseSeconds.put(lastPhase, (now - phaseStart) / 1e9);
    }
    phaseStart = now;
    lastPhase = n + " " + what.split("[:(]")[0].trim();
    out.printf("[%d/%d] %s%n", n, phases, what);
  }

  static String num(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }

  /**
   * The in-process broker's and the plan watcher's Kafka logging at ERROR: their INFO and start-up WARN lines (a
   * fresh controller's activation) would bury the progress. Set the properties to see them.
   */
  private static void quietKafkaClientLogging() {
    for (String logger : List.of("kafka", "org.apache.kafka", "state.change.logger")) {
      String key = "org.slf4j.simpleLogger.log." + logger;
      if (System.getProperty(key) == null) {
        System.setProperty(key, "error");
      }
    }
  }
}
