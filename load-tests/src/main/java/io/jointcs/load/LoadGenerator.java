package io.jointcs.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code load-tests/run}: load for the JointCS platform. {@code ingest} drives telemetry ingestion over Kafka or
 * HTTP at fixed rates with malformed records mixed in; {@code plans} times plan delivery to simulated devices;
 * {@code producer-perf} runs Kafka's own producer perf test; {@code suite} runs all of it for the closing figures
 * (embedded broker and the packaged ingestion service started here unless addresses are given); {@code tokens}
 * makes device tokens for a real deployment.
 */
@Command(name = "load-tests/run", mixinStandardHelpOptions = true, sortOptions = false,
    subcommands = {LoadGenerator.Ingest.class, LoadGenerator.Plans.class, LoadGenerator.PerfTest.class,
        LoadGenerator.Suite.class, LoadGenerator.Tokens.class, CommandLine.HelpCommand.class},
    description = "Load generator for JointCS telemetry ingestion and plan delivery.")
public final class LoadGenerator implements Runnable {
  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }

  public static void main(String[] args) {
    for (String logger : new String[] {"kafka", "org.apache.kafka", "state.change.logger"}) {
      if (System.getProperty("org.slf4j.simpleLogger.log." + logger) == null) {
        System.setProperty("org.slf4j.simpleLogger.log." + logger, "warn");
      }
    }
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new LoadGenerator());
    cl.registerConverter(Duration.class, LoadGenerator::duration);
    cl.setExecutionExceptionHandler((e, line, parsed) -> {
      line.getErr().println("load-tests: " + e.getMessage());
      return 1;
    });
    return cl;
  }

  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

  /** {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, or ISO-8601 ({@code PT30S}). */
  static Duration duration(String text) {
    Matcher m = DURATION.matcher(text.trim());
    if (m.matches()) {
      double v = Double.parseDouble(m.group(1));
      long ms = switch (m.group(2)) {
        case "ms" -> (long) v;
        case "s" -> (long) (v * 1000);
        case "m" -> (long) (v * 60_000);
        default -> (long) (v * 3_600_000);
      };
      return Duration.ofMillis(ms);
    }
    return Duration.parse(text);
  }

  static String newRunId() {
    return "L" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  }

  static void say(String line) {
    System.out.println("[" + Instant.now().toString().substring(11, 19) + "] " + line);
    System.out.flush();
  }

  /** Where Kafka is, or start the embedded broker; where the report goes. */
  static final class Common {
    @Option(names = "--bootstrap", description = "Kafka bootstrap servers of a running cluster (default: start the "
        + "embedded broker in a JVM of its own)")
    String bootstrap;

    @Option(names = "--kafka-config", description = "Kafka client properties file (TLS, SASL/SCRAM), as for Kafka's "
        + "tools' --command-config")
    Path kafkaConfig;

    @Option(names = "--out", description = "report directory (default: load-tests/target/load-<time>)")
    Path out;

    @Option(names = "--json", description = "print report.json on standard output at the end")
    boolean json;

    @Option(names = "--watch", description = "NAME=PID of a process whose resident memory and CPU to sample "
        + "(repeatable)")
    List<String> watch = new ArrayList<>();

    Path outDir() throws IOException {
      Path dir = out != null ? out : Path.of(System.getProperty("jointcs.load.home", "."), "target",
          "load-" + Instant.now().toString().replace(":", "").substring(0, 15));
      Files.createDirectories(dir);
      return dir;
    }
  }

  /** Everything a command started, stopped in reverse order at the end (and on Ctrl-C). */
  static final class Session implements AutoCloseable {
    final List<ChildJvm> children = new ArrayList<>();
    final List<Watched> watched = new ArrayList<>();
    final Report report = new Report();
    final Path dir;
    KafkaSettings kafka;
    private final Thread hook = new Thread(this::stopChildren, "load-stop-children");

    Session(Common common, String commandLine) throws IOException, InterruptedException {
      dir = common.outDir();
      Runtime.getRuntime().addShutdownHook(hook);
      report.command(commandLine);
      for (String w : common.watch) {
        watched.add(Watched.parse(w));
      }
      String bootstrap = common.bootstrap;
      if (bootstrap == null) {
        ChildJvm.Started broker = ChildJvm.startBroker(dir, "1g", LoadGenerator::say);
        children.add(broker.process());
        watched.add(new Watched("broker", broker.process().pid()));
        bootstrap = broker.address();
        report.environment("broker", "embedded single-node KRaft broker (Kafka 4.1.2), own JVM -Xmx1g, pid "
            + broker.process().pid());
      } else {
        report.environment("broker", bootstrap);
      }
      kafka = KafkaSettings.of(bootstrap, common.kafkaConfig);
      report.environment("machine", Proc.cores() + " cores, " + System.getProperty("os.name") + " "
          + System.getProperty("os.arch") + ", Java " + System.getProperty("java.version"));
      report.environment("load average (1 min) at start", Proc.loadAverage1m().orElse(Double.NaN));
    }

    ChildJvm.Started startIngestion(Path jar, String deviceClass, DeviceFleet fleet, String heap)
        throws IOException, InterruptedException {
      Path hashes = dir.resolve("device-token-hashes.txt");
      fleet.writeHashes(hashes);
      fleet.writeTokens(dir.resolve("device-tokens.txt"));
      ChildJvm.Started s = ChildJvm.startIngestion(jar, kafka, deviceClass, hashes, dir, heap, LoadGenerator::say);
      children.add(s.process());
      watched.add(new Watched("ingestion", s.process().pid()));
      report.environment("ingestion", "packaged profiling-ingestion " + jar + ", -Xmx" + heap + ", pid "
          + s.process().pid() + ", log " + s.process().log());
      return s;
    }

    void finish(boolean json) throws IOException {
      report.environment("load average (1 min) at end", Proc.loadAverage1m().orElse(Double.NaN));
      report.write(dir);
      System.out.println();
      System.out.println(report.markdown());
      say("report: " + dir.resolve("report.md") + ", " + dir.resolve("report.json") + " and SVG plots in " + dir);
      if (json) {
        System.out.println(new ObjectMapper().writeValueAsString(report.toMap()));
      }
    }

    private void stopChildren() {
      for (int i = children.size() - 1; i >= 0; i--) {
        children.get(i).close();
      }
    }

    @Override
    public void close() {
      stopChildren();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // already shutting down
      }
    }
  }

  /** Options of an ingestion load. */
  static final class IngestOptions {
    @Option(names = "--transport", defaultValue = "kafka", description = "kafka (Avro single-object records to "
        + "jointcs.telemetry.raw) or http (JSON batches to POST /telemetry) (default: ${DEFAULT-VALUE})")
    String transport;

    @Option(names = "--rates", split = ",", defaultValue = "1000", description = "target records/s, one run per "
        + "rate, in order (default: ${DEFAULT-VALUE})")
    List<Double> rates;

    @Option(names = "--duration", defaultValue = "30s", description = "length of each run's schedule "
        + "(default: ${DEFAULT-VALUE})")
    Duration duration;

    @Option(names = "--warmup", defaultValue = "5s", description = "first part of each run left out of the "
        + "latency figures (default: ${DEFAULT-VALUE})")
    Duration warmup;

    @Option(names = "--invalid", defaultValue = "0.1", description = "share of malformed records, 0..1 "
        + "(default: ${DEFAULT-VALUE})")
    double invalid;

    @Option(names = "--devices", defaultValue = "100", description = "simulated devices (default: ${DEFAULT-VALUE})")
    int devices;

    @Option(names = "--device-prefix", defaultValue = "load-dev-", description = "device ids are PREFIX0001... "
        + "(default: ${DEFAULT-VALUE})")
    String devicePrefix;

    @Option(names = "--device-class", defaultValue = "load-test-4t", description = "class of the simulated devices;"
        + " ingestion must accept it (jointcs.ingestion.device-classes) (default: ${DEFAULT-VALUE})")
    String deviceClass;

    @Option(names = "--batch", defaultValue = "50", description = "records per HTTP batch (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--max-in-flight", defaultValue = "64", description = "HTTP batches awaiting an answer at most "
        + "(default: ${DEFAULT-VALUE})")
    int maxInFlight;

    @Option(names = "--drain-timeout", defaultValue = "30s", description = "after the schedule, wait this long "
        + "without progress before counting what is missing (default: ${DEFAULT-VALUE})")
    Duration drainTimeout;

    @Option(names = "--stop-when-unsustained", description = "skip the remaining rates once a rate is not sustained")
    boolean stopWhenUnsustained;

    @Option(names = "--ingestion-url", description = "base URL of a running profiling-ingestion (HTTP transport)")
    URI ingestionUrl;

    @Option(names = "--tokens", description = "'<device id> <token>' lines of the devices ingestion knows (HTTP; "
        + "see the tokens command)")
    Path tokens;

    @Option(names = "--start-ingestion", description = "start the packaged profiling-ingestion here (tokens and "
        + "device class configured for the simulated devices)")
    boolean startIngestion;

    @Option(names = "--ingestion-jar", defaultValue = "services/profiling-ingestion/target/quarkus-app/quarkus-run.jar",
        description = "the packaged service (default: ${DEFAULT-VALUE})")
    Path ingestionJar;

    @Option(names = "--ingestion-heap", defaultValue = "512m", description = "-Xmx of the started ingestion "
        + "(default: ${DEFAULT-VALUE})")
    String ingestionHeap;

    @Option(names = "--idle", defaultValue = "15s", description = "idle time before the resident memory of the "
        + "started services is read as idle (default: ${DEFAULT-VALUE})")
    Duration idle;

    DeviceFleet fleet() throws IOException {
      if (tokens != null) {
        return DeviceFleet.read(tokens);
      }
      return startIngestion || "http".equalsIgnoreCase(transport) ? DeviceFleet.generate(devicePrefix, devices)
          : DeviceFleet.ids(devicePrefix, devices);
    }

    /** Starts ingestion if asked, idles, reads idle memory; returns the ingestion URL (or null). */
    URI prepare(Session session, DeviceFleet fleet) throws IOException, InterruptedException {
      URI url = ingestionUrl;
      if (startIngestion) {
        url = URI.create(session.startIngestion(ingestionJar, deviceClass, fleet, ingestionHeap).address());
      }
      if (!session.watched.isEmpty()) {
        say("idle " + idle.toSeconds() + " s, then reading resident memory");
        Thread.sleep(idle.toMillis());
        for (Watched w : session.watched) {
          Proc.rssBytes(w.pid()).ifPresent(v -> session.report.idleRss(w.name(), v));
        }
      }
      return url;
    }

    List<IngestionRun.Result> run(Session session, DeviceFleet fleet, URI url, String labelPrefix)
        throws InterruptedException {
      IngestionRun.Transport t = IngestionRun.Transport.valueOf(transport.toUpperCase(Locale.ROOT));
      List<IngestionRun.Result> results = new ArrayList<>();
      for (double rate : rates) {
        String label = String.format(Locale.ROOT, "%s%s-%.0f", labelPrefix, t.name().toLowerCase(Locale.ROOT), rate);
        IngestionRun.Config config = new IngestionRun.Config(label, t, rate, duration, warmup, invalid,
            fleet.deviceIds(), deviceClass, batch, maxInFlight, drainTimeout, url, fleet.tokens(), session.watched);
        IngestionRun.Result r = new IngestionRun(session.kafka, config, newRunId(), LoadGenerator::say).run();
        session.report.add(r);
        RunTracker.Counts c = r.counts();
        say(String.format(Locale.ROOT, "  in %.0f/s, out %.0f/s, p50 %s ms, p99 %s ms, drain %.1f s; good %d lost %d, "
            + "bad %d rejected %d; %s", r.inputRate(), r.outputRate(), Report.ms(r.endToEnd().p50Ms()),
            Report.ms(r.endToEnd().p99Ms()), r.drainSeconds(), c.goodAcked(), c.goodLost(), c.badAcked(),
            c.rejectionsOut(), r.sustained() ? "sustained" : "NOT sustained"));
        results.add(r);
        if (stopWhenUnsustained && !r.sustained()) {
          break;
        }
      }
      return results;
    }
  }

  @Command(name = "ingest", mixinStandardHelpOptions = true, sortOptions = false,
      description = "Telemetry ingestion at fixed rates (open loop) with malformed records mixed in.")
  static final class Ingest implements Callable<Integer> {
    @Mixin
    Common common = new Common();

    @Mixin
    IngestOptions load = new IngestOptions();

    @Option(names = "--producer-perf", description = "run Kafka's producer perf test first, for the ratio")
    boolean producerPerf;

    @Option(names = "--perf-records", defaultValue = "200000", description = "records of the producer perf test "
        + "(default: ${DEFAULT-VALUE})")
    long perfRecords;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      try (Session session = new Session(common, "load-tests/run " + String.join(" ", spec.commandLine().getParseResult()
          .originalArgs()))) {
        DeviceFleet fleet = load.fleet();
        URI url = load.prepare(session, fleet);
        if (producerPerf) {
          session.report.producerPerf(ProducerPerf.run(session.kafka, "jointcs.load.producer-perf",
              io.jointcs.topics.Topics.TELEMETRY_RAW.partitions(), perfRecords, recordSize(load.deviceClass), -1,
              LoadGenerator::say));
        }
        List<IngestionRun.Result> results = load.run(session, fleet, url, "");
        session.finish(common.json);
        return results.stream().allMatch(r -> r.counts().clean()) ? 0 : 3;
      }
    }
  }

  /** Size of a good telemetry record as the Kafka transport sends it: the perf test's record size. */
  static int recordSize(String deviceClass) {
    return new TelemetryFactory("L0000000000", deviceClass)
        .goodBinary(1_000_000, "load-dev-0001", System.currentTimeMillis()).length;
  }

  @Command(name = "plans", mixinStandardHelpOptions = true, sortOptions = false,
      description = "Plan delivery to simulated devices following jointcs.plans (Kafka) or GET /plans/{id} (HTTP).")
  static final class Plans implements Callable<Integer> {
    @Mixin
    Common common = new Common();

    @Mixin
    PlanOptions plans = new PlanOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      try (Session session = new Session(common, "load-tests/run " + String.join(" ",
          spec.commandLine().getParseResult().originalArgs()))) {
        PlanDeliveryRun.Result r = plans.run(session);
        session.finish(common.json);
        return r.missing() == 0 ? 0 : 3;
      }
    }
  }

  static final class PlanOptions {
    @Option(names = "--plan-devices", defaultValue = "50", description = "simulated devices following their plan "
        + "(default: ${DEFAULT-VALUE})")
    int devices;

    @Option(names = "--plan-mode", defaultValue = "kafka", description = "kafka (a consumer per device on "
        + "jointcs.plans) or http (polling GET /plans/{id}) (default: ${DEFAULT-VALUE})")
    String mode;

    @Option(names = "--orchestrator-url", description = "base URL of search-orchestration (http mode)")
    URI orchestratorUrl;

    @Option(names = "--plan-duration", defaultValue = "30s", description = "(default: ${DEFAULT-VALUE})")
    Duration duration;

    @Option(names = "--plan-interval", defaultValue = "5s", description = "each device gets a new plan this often "
        + "(default: ${DEFAULT-VALUE})")
    Duration planInterval;

    @Option(names = "--poll-interval", defaultValue = "1s", description = "HTTP polling period per device "
        + "(default: ${DEFAULT-VALUE})")
    Duration pollInterval;

    @Option(names = "--keep-plans", description = "leave the simulated devices' plans on jointcs.plans (default: "
        + "delete them with tombstones)")
    boolean keepPlans;

    @Option(names = "--start-orchestrator", description = "start the packaged search-orchestration here (http "
        + "mode: the devices poll it; it serves the plans it reads from jointcs.plans)")
    boolean startOrchestrator;

    @Option(names = "--orchestrator-jar",
        defaultValue = "services/search-orchestration/target/quarkus-app/quarkus-run.jar",
        description = "the packaged service (default: ${DEFAULT-VALUE})")
    Path orchestratorJar;

    PlanDeliveryRun.Result run(Session session) throws IOException, InterruptedException {
      URI url = orchestratorUrl;
      if (startOrchestrator) {
        ChildJvm.Started s = ChildJvm.startOrchestrator(orchestratorJar, session.kafka, session.dir, "768m",
            LoadGenerator::say);
        session.children.add(s.process());
        session.watched.add(new Watched("orchestrator", s.process().pid()));
        session.report.environment("orchestrator", "packaged search-orchestration " + orchestratorJar
            + ", -Xmx768m, pid " + s.process().pid() + ", log " + s.process().log());
        Thread.sleep(5000);
        Proc.rssBytes(s.process().pid()).ifPresent(v -> session.report.idleRss("orchestrator", v));
        url = URI.create(s.address());
      }
      PlanDeliveryRun.Config config = new PlanDeliveryRun.Config(
          PlanDeliveryRun.Mode.valueOf(mode.toUpperCase(Locale.ROOT)), DeviceFleet.prefixed("load-plan-", devices),
          duration, planInterval, url, pollInterval, Duration.ofSeconds(30), !keepPlans);
      PlanDeliveryRun.Result r = new PlanDeliveryRun(session.kafka, config, newRunId(), LoadGenerator::say).run();
      session.report.add(r);
      say(String.format(Locale.ROOT, "  plans published %d, delivered %d, superseded %d, missing %d; p50 %s ms, "
          + "p99 %s ms", r.published(), r.delivered(), r.superseded(), r.missing(), Report.ms(r.delivery().p50Ms()),
          Report.ms(r.delivery().p99Ms())));
      return r;
    }
  }

  @Command(name = "producer-perf", mixinStandardHelpOptions = true, sortOptions = false,
      description = "Kafka's own producer perf test (ProducerPerformance, kafka-tools 4.1.2), acks=all.")
  static final class PerfTest implements Callable<Integer> {
    @Mixin
    Common common = new Common();

    @Option(names = "--records", defaultValue = "200000", description = "(default: ${DEFAULT-VALUE})")
    long records;

    @Option(names = "--record-size", description = "bytes (default: the size of a generated telemetry record)")
    Integer recordSize;

    @Option(names = "--topic", defaultValue = "jointcs.load.producer-perf", description = "scratch topic, created "
        + "and deleted (default: ${DEFAULT-VALUE})")
    String topic;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      try (Session session = new Session(common, "load-tests/run " + String.join(" ",
          spec.commandLine().getParseResult().originalArgs()))) {
        session.report.producerPerf(ProducerPerf.run(session.kafka, topic,
            io.jointcs.topics.Topics.TELEMETRY_RAW.partitions(), records,
            recordSize != null ? recordSize : recordSize("load-test-4t"), -1, LoadGenerator::say));
        session.finish(common.json);
        return 0;
      }
    }
  }

  @Command(name = "suite", mixinStandardHelpOptions = true, sortOptions = false,
      description = {"The closing-note figures in one go: embedded broker and packaged ingestion started here "
          + "(unless --bootstrap / --ingestion-url), idle memory, Kafka's producer perf test, Kafka ingestion at "
          + "stepped rates with 10%% malformed records, one HTTP run, and plan delivery."})
  static final class Suite implements Callable<Integer> {
    @Mixin
    Common common = new Common();

    @Option(names = "--rates", split = ",", defaultValue = "500,1000,1500,2000,2500,3000,4000", description = "Kafka "
        + "ingestion rates, in order, up to the first one not sustained (default: ${DEFAULT-VALUE})")
    List<Double> rates;

    @Option(names = "--saturate", defaultValue = "100000", description = "records of the saturation run (a "
        + "backlog sent at once: ingestion's capacity), 0 to skip (default: ${DEFAULT-VALUE})")
    long saturate;

    @Option(names = "--http-rate", defaultValue = "500", description = "rate of the HTTP run, 0 to skip "
        + "(default: ${DEFAULT-VALUE})")
    double httpRate;

    @Option(names = "--duration", defaultValue = "30s", description = "(default: ${DEFAULT-VALUE})")
    Duration duration;

    @Option(names = "--invalid", defaultValue = "0.1", description = "(default: ${DEFAULT-VALUE})")
    double invalid;

    @Option(names = "--perf-records", defaultValue = "200000", description = "(default: ${DEFAULT-VALUE})")
    long perfRecords;

    @Option(names = "--plan-devices", defaultValue = "50", description = "0 to skip (default: ${DEFAULT-VALUE})")
    int planDevices;

    @Option(names = "--ingestion-url", description = "a running ingestion instead of starting one (needs --tokens)")
    URI ingestionUrl;

    @Option(names = "--tokens", description = "'<device id> <token>' lines, with --ingestion-url")
    Path tokens;

    @Option(names = "--device-class", defaultValue = "load-test-4t", description = "(default: ${DEFAULT-VALUE})")
    String deviceClass;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      try (Session session = new Session(common, "load-tests/run " + String.join(" ",
          spec.commandLine().getParseResult().originalArgs()))) {
        if (ingestionUrl != null && tokens == null) {
          throw new CommandLine.ParameterException(spec.commandLine(),
              "--ingestion-url needs --tokens: the '<device id> <token>' lines of devices that ingestion knows");
        }
        IngestOptions o = new IngestOptions();
        o.transport = "kafka";
        o.rates = rates;
        o.duration = duration;
        o.warmup = Duration.ofSeconds(Math.min(5, Math.max(1, duration.toSeconds() / 6)));
        o.invalid = invalid;
        o.devices = 100;
        o.devicePrefix = "load-dev-";
        o.deviceClass = deviceClass;
        o.batch = 50;
        o.maxInFlight = 64;
        o.drainTimeout = Duration.ofSeconds(30);
        o.stopWhenUnsustained = true;
        o.ingestionUrl = ingestionUrl;
        o.tokens = tokens;
        o.startIngestion = ingestionUrl == null;
        o.ingestionJar = Path.of("services/profiling-ingestion/target/quarkus-app/quarkus-run.jar");
        o.ingestionHeap = "512m";
        o.idle = Duration.ofSeconds(15);
        DeviceFleet fleet = o.fleet();
        URI url = o.prepare(session, fleet);
        session.report.producerPerf(ProducerPerf.run(session.kafka, "jointcs.load.producer-perf",
            io.jointcs.topics.Topics.TELEMETRY_RAW.partitions(), perfRecords, recordSize(deviceClass), -1,
            LoadGenerator::say));
        // a short run first, so JIT compilation and the first transactions are not in the figures
        List<Double> steps = o.rates;
        Duration full = o.duration;
        o.rates = List.of(steps.get(0));
        o.duration = Duration.ofSeconds(10);
        o.warmup = Duration.ofSeconds(2);
        o.stopWhenUnsustained = false;
        o.run(session, fleet, url, Report.WARMUP);
        o.rates = steps;
        o.duration = full;
        o.warmup = Duration.ofSeconds(Math.min(5, Math.max(1, full.toSeconds() / 6)));
        o.stopWhenUnsustained = true;
        List<IngestionRun.Result> results = new ArrayList<>(o.run(session, fleet, url, ""));
        if (httpRate > 0 && url != null) {
          o.transport = "http";
          o.stopWhenUnsustained = false;
          o.rates = List.of(httpRate);
          // the HTTP path (endpoint, its producer) gets its own warm-up
          o.duration = Duration.ofSeconds(10);
          o.warmup = Duration.ofSeconds(2);
          o.run(session, fleet, url, Report.WARMUP);
          o.duration = full;
          o.warmup = Duration.ofSeconds(Math.min(5, Math.max(1, full.toSeconds() / 6)));
          results.addAll(o.run(session, fleet, url, ""));
          o.transport = "kafka";
        }
        if (saturate > 0) {
          // far above capacity: the schedule is done in a moment and out/s is how fast ingestion drains the backlog
          o.rates = List.of(50_000.0);
          o.duration = Duration.ofMillis(saturate * 1000 / 50_000);
          o.warmup = Duration.ZERO;
          o.stopWhenUnsustained = false;
          o.drainTimeout = Duration.ofSeconds(60);
          results.addAll(o.run(session, fleet, url, Report.SATURATION));
          o.duration = full;
          o.drainTimeout = Duration.ofSeconds(30);
        }
        if (planDevices > 0) {
          PlanOptions p = new PlanOptions();
          p.devices = planDevices;
          p.mode = "kafka";
          p.duration = duration;
          p.planInterval = Duration.ofSeconds(5);
          p.pollInterval = Duration.ofSeconds(1);
          p.run(session);
        }
        session.finish(common.json);
        return results.stream().allMatch(r -> r.counts().clean()) ? 0 : 3;
      }
    }
  }

  @Command(name = "tokens", mixinStandardHelpOptions = true, sortOptions = false,
      description = {"Device ids and bearer tokens for a load against a real deployment: the tokens for this tool "
          + "(--tokens), the SHA-256 lines for ingestion's jointcs.ingestion.device-tokens-file secret."})
  static final class Tokens implements Callable<Integer> {
    @Option(names = "--devices", defaultValue = "100", description = "(default: ${DEFAULT-VALUE})")
    int devices;

    @Option(names = "--device-prefix", defaultValue = "load-dev-", description = "(default: ${DEFAULT-VALUE})")
    String prefix;

    @Option(names = "--tokens-out", required = true, description = "'<device id> <token>' file (keep it secret)")
    Path tokensOut;

    @Option(names = "--hashes-out", required = true, description = "'<device id> <sha256 hex>' file for ingestion")
    Path hashesOut;

    @Override
    public Integer call() throws IOException {
      DeviceFleet fleet = DeviceFleet.generate(prefix, devices);
      fleet.writeTokens(tokensOut);
      fleet.writeHashes(hashesOut);
      System.out.printf("%d devices: tokens in %s, token hashes for ingestion in %s%n", devices, tokensOut, hashesOut);
      return 0;
    }
  }
}
