package io.jointcs.agent;

import io.jointcs.telemetry.publish.TelemetryPublisher;
import io.jointcs.telemetry.publish.HttpTelemetryPublisher;
import io.jointcs.telemetry.publish.KafkaTelemetryPublisher;
import io.jointcs.events.DeploymentPlan;
import io.jointcs.events.DeviceRegistration;
import io.jointcs.events.codec.EventCodec;
import io.jointcs.latency.profiling.CleanRunTimer;
import io.jointcs.latency.profiling.Profiler;
import io.jointcs.splitinference.DeviceSlowdown;
import io.jointcs.splitinference.LinkEmulation;
import io.jointcs.topics.Topics;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running device agent: registered, profiling in the background, following its plan and running split
 * inference under it, with the admin endpoint up. {@link #start} returns once all of that is running;
 * {@link #close} stops it in reverse order (the edge JVM last but one, the producer flushed last).
 */
final class DeviceAgent implements AutoCloseable {
  static final String AGENT_VERSION = "0.1.0";
  private static final Logger log = LoggerFactory.getLogger(DeviceAgent.class);
  private static final Duration PLAN_RETRY_DELAY = Duration.ofSeconds(30);
  private static final int PROBE_PAIRS = 3;

  private final AgentConfig config;
  private final DeviceIdentity identity;
  private final LinkControl link;
  private final KafkaProducer<String, byte[]> producer;
  private final TelemetryPublisher publisher;
  private final PlanSource planSource;
  private final PlanApplier applier;
  private final SplitRunner runner;
  private final ProfilingTask profiling;
  private final Thread runnerThread;
  private final Thread planThread;
  private final Thread profilingThread;
  private final AdminServer admin;
  private final EdgeProvider edges;
  private final boolean registered;
  private volatile boolean closing;
  private volatile long runningVersion = -1;
  private volatile String lastPlanError;

  private DeviceAgent(AgentConfig config) throws IOException {
    this.config = config;
    ReentrantLock computeLock = new ReentrantLock(true);
    CleanRunTimer timer = CleanRunTimer.layerProfiling();
    Profiler profiler = new Profiler(timer, config.seed(), config.profilerWarmUp().toMillis());
    // fixes the engine's threads to the device class for profiling and split inference alike
    this.identity = new DeviceIdentity(config.deviceId(), DeviceIdentity.slowedDown(profiler.prepare(
        config.deviceClass()), config.emulatedSlowdown()));
    this.link = new LinkControl(config.initialLink());
    TelemetryFactory telemetry = new TelemetryFactory(identity, Clock.systemUTC(), timer.warmupRuns(),
        config.emulatedSlowdown());
    this.producer = config.kafkaBootstrapServers() == null ? null
        : KafkaClients.producer(config.kafkaBootstrapServers(), config.deviceId());
    this.publisher = config.telemetryOverHttp()
        ? new HttpTelemetryPublisher(config.ingestionUrl(), config.ingestionToken())
        : new KafkaTelemetryPublisher(producer, config.deviceId());
    this.registered = register();
    this.edges = EdgeProvider.of(config.edge());
    this.applier = new PlanApplier(new ArtifactFetcher(config.artifactUrl(), config.artifactStore(),
        config.cacheDir()), edges, link, new DeviceSlowdown(config.emulatedSlowdown()));
    InputImages inputs = config.imagesDir() == null ? InputImages.random(config.seed())
        : InputImages.fromDirectory(config.imagesDir(), config.cacheDir().resolve("datasets"), config.seed());
    this.runner = new SplitRunner(computeLock, link, inputs, config.deviceClass().batchSize(),
        config.requestsPerSec(), config.latencyReportInterval(), config.probeInterval(),
        new NetworkProber(config.probeBytes(), PROBE_PAIRS), edges::standingAddress, telemetry, publisher);
    this.profiling = new ProfilingTask(profiler, config.deviceClass(), config.profileLayers(), config.profileChunk(),
        config.seed(), computeLock, telemetry, publisher);
    this.planSource = config.plansOverHttp() ? new HttpPlanSource(config.orchestratorUrl(), config.deviceId())
        : new KafkaPlanSource(KafkaClients.planConsumer(config.kafkaBootstrapServers(), config.deviceId()),
            config.deviceId());
    log.info("device agent {} ({}) starting: telemetry via {}, plan via {}, {}, {}, inputs: {}",
        config.deviceId(), config.deviceClass(), publisher.route(), planSource.describe(), config.edge().describe(),
        LinkControl.describe(link.link()), inputs.describe());
    this.runnerThread = daemon(runner, "split-inference");
    this.planThread = daemon(this::followPlans, "plan-follower");
    this.profilingThread = daemon(profiling, "layer-profiling");
    this.admin = config.adminPort() < 0 ? null : new AdminServer("0.0.0.0", config.adminPort(), link, this::status);
  }

  /** Registers, then starts profiling, plan following and split inference; returns once they run. */
  static DeviceAgent start(AgentConfig config) throws IOException {
    DeviceAgent agent = new DeviceAgent(config);
    agent.runnerThread.start();
    agent.planThread.start();
    agent.profilingThread.start();
    return agent;
  }

  private static Thread daemon(Runnable body, String name) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    return t;
  }

  /** DeviceRegistration on the compacted jointcs.devices; needs Kafka (ingestion has no HTTP route for it). */
  private boolean register() {
    if (producer == null) {
      log.warn("device {} is NOT registered: registration goes to {} and needs Kafka (--kafka); ingestion has no HTTP "
          + "route for it, so its class must be listed in ingestion's accepted device classes", config.deviceId(),
          Topics.DEVICES.name());
      return false;
    }
    DeviceRegistration registration = DeviceRegistration.newBuilder()
        .setDevice(identity.describe())
        .setAgentVersion(AGENT_VERSION)
        .setRegisteredAtEpochMs(System.currentTimeMillis())
        .setLabels(config.labels())
        .build();
    try {
      producer.send(new ProducerRecord<>(Topics.DEVICES.name(), config.deviceId(),
          EventCodec.of(DeviceRegistration.class).encode(registration))).get(30, TimeUnit.SECONDS);
      log.info("device {} registered on {} as class {} ({} cores, {}, emulated: {})", config.deviceId(),
          Topics.DEVICES.name(), identity.deviceClass(), registration.getDevice().getHardware().getCpuCores(),
          registration.getDevice().getHardware().getCpuModel(), registration.getDevice().getEmulated());
      return true;
    } catch (Exception e) {
      log.error("device {} could not register on {}: {}; going on unregistered", config.deviceId(),
          Topics.DEVICES.name(), e.toString());
      return false;
    }
  }

  private void followPlans() {
    long failedVersion = -1;
    long retryAtNanos = 0;
    try {
      while (!closing) {
        Optional<DeploymentPlan> latest;
        try {
          latest = planSource.latest(config.planPollInterval());
        } catch (InterruptedException e) {
          return;
        } catch (Exception e) {
          if (!closing) {
            log.warn("reading the plan from {} failed: {}", planSource.describe(), e.toString());
            sleepQuietly(config.planPollInterval());
          }
          continue;
        }
        if (closing || latest.isEmpty() || !PlanSelector.shouldApply(latest.get(), runningVersion)) {
          continue;
        }
        DeploymentPlan plan = latest.get();
        if (plan.getPlanVersion() == failedVersion && System.nanoTime() < retryAtNanos) {
          continue;
        }
        if (apply(plan)) {
          failedVersion = -1;
        } else {
          failedVersion = plan.getPlanVersion();
          retryAtNanos = System.nanoTime() + PLAN_RETRY_DELAY.toNanos();
        }
      }
    } finally {
      planSource.close();
    }
  }

  /** Prepares the plan's deployment, switches over, then releases the old one (its edge JVM included). */
  private boolean apply(DeploymentPlan plan) {
    long start = System.nanoTime();
    String from = runner.current().map(d -> "cut " + d.plan().getCutPoint() + " (v" + d.plan().getPlanVersion() + ")")
        .orElse("nothing");
    log.info("applying plan v{} for device {}: {} cut {}/{} (was {}), reason {}: {}", plan.getPlanVersion(),
        config.deviceId(), plan.getModel().getSha256().substring(0, 12), plan.getCutPoint(), plan.getBlockCount(),
        from, plan.getReason(), plan.getReasonText());
    Deployment next;
    try {
      next = applier.prepare(plan);
    } catch (Exception e) {
      lastPlanError = "plan v" + plan.getPlanVersion() + " could not be applied: " + e.getMessage();
      log.error("{}; still running {}; retrying in {} s unless a newer plan arrives", lastPlanError, from,
          PLAN_RETRY_DELAY.toSeconds());
      return false;
    }
    long appliedAt = System.currentTimeMillis();
    next.markApplied(appliedAt);
    Deployment old = runner.switchTo(next);
    runningVersion = plan.getPlanVersion();
    lastPlanError = null;
    log.info("PLAN APPLIED: device {} runs {} since {} (epoch ms); plan created at {}, applied {} ms later "
            + "({} ms to prepare here)", config.deviceId(), next.describe(), appliedAt, plan.getCreatedAtEpochMs(),
        appliedAt - plan.getCreatedAtEpochMs(), (System.nanoTime() - start) / 1_000_000);
    if (old != null) {
      old.close();
      log.info("previous deployment (v{}) released", old.plan().getPlanVersion());
    }
    return true;
  }

  private static void sleepQuietly(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  long runningPlanVersion() {
    return runningVersion;
  }

  Optional<Integer> adminPort() {
    return Optional.ofNullable(admin).map(AdminServer::port);
  }

  LinkControl link() {
    return link;
  }

  SplitRunner runner() {
    return runner;
  }

  TelemetryPublisher publisher() {
    return publisher;
  }

  AgentStatus status() {
    Optional<Deployment> d = runner.current();
    AgentStatus.Plan plan = d.map(dep -> {
      DeploymentPlan p = dep.plan();
      return new AgentStatus.Plan(p.getPlanVersion(), p.getCutPoint(), p.getBlockCount(), dep.modelSpecText(),
          p.getModel().getSha256(), p.getReason().name(), p.getReasonText(), p.getCreatedAtEpochMs(),
          dep.appliedAtEpochMs(), dep.appliedAtEpochMs() - p.getCreatedAtEpochMs(), dep.edge().description());
    }).orElse(null);
    AgentStatus.Network network = runner.lastProbe().map(m -> new AgentStatus.Network(m.uplinkBandwidthBytesPerSec(),
        m.uplinkBandwidthBytesPerSec() * 8 / 1e6, m.rttMs(), m.probeSizeBytes(), LinkControl.emulated(m.link()),
        m.edge())).orElse(null);
    return new AgentStatus(config.deviceId(), identity.deviceClass(), config.edge().describe(), registered,
        publisher.route(), planSource.describe(), linkView(link.link()), plan, runner.lastReport().orElse(null),
        network, runner.requests(), runner.failures(), publisher.delivered(), publisher.failed(), profiling.profiled(),
        lastPlanError, runner.lastError().orElse(null));
  }

  static AgentStatus.Link linkView(LinkEmulation link) {
    return new AgentStatus.Link(link.shaped() ? link.uplinkBytesPerSec() : null,
        link.shaped() ? link.uplinkBytesPerSec() * 8 / 1e6 : null, link.rttMs(), LinkControl.emulated(link),
        LinkControl.describe(link));
  }

  /** Stops profiling and inference, stops following the plan, stops the edge, flushes telemetry. Idempotent. */
  @Override
  public void close() {
    if (closing) {
      return;
    }
    closing = true;
    log.info("device agent {} stopping", config.deviceId());
    profiling.stop();
    runner.stop();
    planSource.wakeup();
    join(runnerThread);
    join(planThread);
    join(profilingThread);
    Deployment last = runner.switchTo(null);
    if (last != null) {
      last.close();
    }
    edges.close();
    if (admin != null) {
      admin.close();
    }
    publisher.close();
    if (producer != null) {
      producer.close(Duration.ofSeconds(10)); // flushes what is still buffered
    }
    log.info("device agent {} stopped: {} requests, {} telemetry records delivered, {} failed", config.deviceId(),
        runner.requests(), publisher.delivered(), publisher.failed());
  }

  private static void join(Thread t) {
    try {
      t.join(TimeUnit.SECONDS.toMillis(60));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
