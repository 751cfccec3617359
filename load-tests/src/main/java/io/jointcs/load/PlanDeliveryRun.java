package io.jointcs.load;

import io.jointcs.events.ArtifactRef;
import io.jointcs.events.CutQuantization;
import io.jointcs.events.DeploymentPlan;
import io.jointcs.events.LatencyBreakdown;
import io.jointcs.events.NetworkCondition;
import io.jointcs.events.PlanReason;
import io.jointcs.events.codec.Decoded;
import io.jointcs.events.codec.EventCodec;
import io.jointcs.topics.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Plan delivery to N simulated devices. Each device follows its plan as the device agent does: over Kafka (a
 * consumer of its own assigned every partition of the compacted jointcs.plans, no group, keeping the records of its
 * key) or by polling {@code GET /plans/{deviceId}} of search-orchestration. New plans are published by this harness
 * (labelled so in every report): N / planInterval plans per second on a fixed schedule, each device in turn, and the
 * latency of a plan is from its scheduled publish time to the moment its device holds it. The simulated devices'
 * keys are deleted (tombstones) at the end unless asked otherwise.
 */
public final class PlanDeliveryRun {
  public enum Mode { KAFKA, HTTP }

  public static final String PUBLISHER = "load harness (plans published by the load generator, not made by an "
      + "orchestrator)";

  public record Config(Mode mode, List<String> deviceIds, Duration duration, Duration planInterval,
      URI orchestratorUrl, Duration pollInterval, Duration drainTimeout, boolean tombstones) {
    public Config {
      deviceIds = List.copyOf(deviceIds);
      if (mode == Mode.HTTP && orchestratorUrl == null) {
        throw new IllegalArgumentException("HTTP plan polling needs the search-orchestration URL");
      }
    }
  }

  /**
   * @param missing plans whose device never held them (nor a newer plan) by the end of the drain
   * @param superseded plans a newer plan replaced before the device saw them (HTTP polling only)
   */
  public record Result(Mode mode, String publisher, int devices, double seconds, double plansPerSec, long published,
      long delivered, long superseded, long missing, LatencySummary delivery, double pollIntervalMs,
      long deliveriesReadByAllSubscribers) {}

  private static final EventCodec<DeploymentPlan> PLANS = EventCodec.of(DeploymentPlan.class);

  private final KafkaSettings kafka;
  private final Config config;
  private final String runId;
  private final Consumer<String> log;
  /** Scheduled publish time (nanoTime) of each plan, by device id then version. */
  private final Map<String, Map<Long, Long>> publishedAt = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> highestSeen = new ConcurrentHashMap<>();
  private final Histogram latency = new Histogram(RunTracker.MAX_MICROS, 3);
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong superseded = new AtomicLong();
  private final AtomicLong recordsRead = new AtomicLong();
  private final AtomicBoolean stop = new AtomicBoolean();

  public PlanDeliveryRun(KafkaSettings kafka, Config config, String runId, Consumer<String> log) {
    this.kafka = kafka;
    this.config = config;
    this.runId = runId;
    this.log = log;
    config.deviceIds().forEach(d -> {
      publishedAt.put(d, new ConcurrentHashMap<>());
      highestSeen.put(d, new AtomicLong(Long.MIN_VALUE));
    });
  }

  public Result run() throws InterruptedException {
    List<Thread> subscribers = new ArrayList<>();
    ScheduledExecutorService pollers = null;
    CountDownLatch ready = new CountDownLatch(config.mode() == Mode.KAFKA ? config.deviceIds().size() : 0);
    if (config.mode() == Mode.KAFKA) {
      for (String device : config.deviceIds()) {
        Thread t = new Thread(() -> follow(device, ready), "plan-sub-" + device);
        t.setDaemon(true);
        t.start();
        subscribers.add(t);
      }
      if (!ready.await(120, TimeUnit.SECONDS)) {
        stop.set(true);
        throw new IllegalStateException("the plan subscribers could not reach " + Topics.PLANS.name() + " in 120 s");
      }
    } else {
      pollers = Executors.newScheduledThreadPool(4);
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5)).build();
      long period = config.pollInterval().toNanos();
      int n = config.deviceIds().size();
      for (int i = 0; i < n; i++) {
        String device = config.deviceIds().get(i);
        pollers.scheduleAtFixedRate(() -> poll(http, device), period * i / n, period, TimeUnit.NANOSECONDS);
      }
    }
    int n = config.deviceIds().size();
    double plansPerSec = n * 1e9 / config.planInterval().toNanos();
    long total = (long) Math.ceil(plansPerSec * config.duration().toNanos() / 1e9);
    log.accept(String.format(Locale.ROOT, "plan delivery: %d devices following %s over %s, %,d plans at %.1f/s "
        + "published by the %s", n, config.mode() == Mode.KAFKA ? "jointcs.plans (Kafka)" : "GET /plans/{id}",
        config.duration(), total, plansPerSec, PUBLISHER));
    long published = 0;
    Map<String, Object> props = kafka.with(Map.of(ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.LINGER_MS_CONFIG, 0));
    long baseVersion = System.currentTimeMillis() * 1000;
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
        new ByteArraySerializer())) {
      long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
      double interval = 1e9 / plansPerSec;
      for (long k = 0; k < total; k++) {
        long intended = start + (long) (k * interval);
        long wait;
        while ((wait = intended - System.nanoTime()) > 0) {
          LockSupport.parkNanos(Math.min(wait, 1_000_000));
        }
        String device = config.deviceIds().get((int) (k % n));
        long version = baseVersion + k / n;
        publishedAt.get(device).put(version, intended);
        producer.send(new ProducerRecord<>(Topics.PLANS.name(), device, PLANS.encode(plan(device, version))));
        published++;
      }
      producer.flush();
      long deadline = System.nanoTime() + config.drainTimeout().toNanos();
      while (System.nanoTime() < deadline && delivered.get() + superseded.get() < published) {
        Thread.sleep(50);
      }
      stop.set(true);
      if (pollers != null) {
        pollers.shutdownNow();
      }
      for (Thread t : subscribers) {
        t.join(5000);
      }
      if (config.tombstones()) {
        for (String device : config.deviceIds()) {
          producer.send(new ProducerRecord<>(Topics.PLANS.name(), device, null));
        }
        producer.flush();
      }
    }
    Histogram h;
    synchronized (latency) {
      h = latency.copy();
    }
    long missing = published - delivered.get() - superseded.get();
    return new Result(config.mode(), PUBLISHER, n, config.duration().toNanos() / 1e9, plansPerSec, published,
        delivered.get(), superseded.get(), Math.max(0, missing), LatencySummary.of(h),
        config.mode() == Mode.HTTP ? config.pollInterval().toMillis() : Double.NaN, recordsRead.get());
  }

  private void follow(String device, CountDownLatch ready) {
    Map<String, Object> props = kafka.with(Map.of(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.CLIENT_ID_CONFIG, "jointcs-load-plans-" + device));
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
        new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(Topics.PLANS.name(), Duration.ofSeconds(60)).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      // new plans only: the device agent reads from the beginning to find its current plan, which is not timed here
      consumer.seekToEnd(partitions);
      partitions.forEach(consumer::position);
      ready.countDown();
      while (!stop.get()) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          recordsRead.incrementAndGet();
          if (device.equals(r.key()) && r.value() != null
              && PLANS.tryDecode(r.value()) instanceof Decoded.Ok<DeploymentPlan> ok) {
            seen(device, ok.value().getPlanVersion(), System.nanoTime());
          }
        }
      }
    }
  }

  private void poll(HttpClient http, String device) {
    if (stop.get()) {
      return;
    }
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(config.orchestratorUrl().resolve("/plans/" + device))
          .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
      long now = System.nanoTime();
      if (r.statusCode() == 200) {
        seen(device, PLANS.fromJson(r.body()).getPlanVersion(), now);
      }
    } catch (Exception e) {
      // a failed poll is retried at the next tick; the plan stays undelivered until then
    }
  }

  /** The device holds plan {@code version}: every older plan it never saw was superseded. */
  private void seen(String device, long version, long nowNanos) {
    AtomicLong highest = highestSeen.get(device);
    long before = highest.getAndAccumulate(version, Math::max);
    if (version <= before) {
      return;
    }
    Map<Long, Long> times = publishedAt.get(device);
    Long at = times.get(version);
    if (at == null) {
      return; // not one of this run's plans
    }
    delivered.incrementAndGet();
    synchronized (latency) {
      latency.recordValue(Math.max(0, Math.min(RunTracker.MAX_MICROS, (nowNanos - at) / 1000)));
    }
    for (Long v : times.keySet()) {
      if (v > before && v < version) {
        superseded.incrementAndGet();
      }
    }
  }

  private DeploymentPlan plan(String device, long version) {
    return DeploymentPlan.newBuilder()
        .setPlanVersion(version)
        .setDeviceId(device)
        .setDeviceClass("load-test")
        .setEmulated(true)
        .setSearchId(null)
        .setModel(ArtifactRef.newBuilder().setRef("load-test/" + runId).setSha256("0".repeat(64)).setSizeBytes(1)
            .build())
        .setHead(null)
        .setCutPoint(3)
        .setBlockCount(10)
        .setCutQuantization(CutQuantization.NONE)
        .setAssumedNetwork(NetworkCondition.newBuilder().setName("load-test").setUplinkBandwidthBytesPerSec(1.25e6)
            .setRttMs(20).build())
        .setPredictedLatency(LatencyBreakdown.newBuilder().setDeviceMs(10).setTransferMs(5).setEdgeMs(2)
            .setTotalMs(17).build())
        .setExpectedAccuracy(0.9)
        .setReason(PlanReason.MANUAL)
        .setReasonText("load test plan " + runId + ", " + PUBLISHER)
        .setCreatedAtEpochMs(System.currentTimeMillis())
        .build();
  }
}
