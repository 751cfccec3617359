package io.jointcs.load;

import io.jointcs.events.ProfilingSample;
import io.jointcs.events.RejectedTelemetry;
import io.jointcs.events.codec.Decoded;
import io.jointcs.events.codec.EventCodec;
import io.jointcs.topics.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
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
 * One ingestion load run at a fixed target rate: telemetry of {@code devices} simulated devices, sent open-loop on
 * a fixed-rate schedule either as Avro single-object records to jointcs.telemetry.raw (keyed by device id) or as
 * JSON batches to {@code POST /telemetry} (each device with its bearer token), with a share of malformed records.
 * Two read_committed consumers watch jointcs.profiling.samples and jointcs.telemetry.rejected and match every
 * output to its record (sample id = telemetry id; a rejection by the marker in its original bytes).
 */
public final class IngestionRun {
  public enum Transport { KAFKA, HTTP }

  /**
   * @param rate target records per second (open loop)
   * @param invalidShare share of records that are malformed, 0..1, spread evenly (0.1: every tenth)
   * @param batchRecords records per HTTP batch (one device per batch)
   * @param maxInFlight most HTTP batches awaiting an answer; beyond it the schedule waits (and the wait shows as
   *     latency, since latency counts from the intended send time)
   * @param tokens bearer token per device id (HTTP)
   * @param ingestionUrl base URL of profiling-ingestion (HTTP)
   */
  public record Config(String label, Transport transport, double rate, Duration duration, Duration warmup,
      double invalidShare, List<String> deviceIds, String deviceClass, int batchRecords, int maxInFlight,
      Duration drainTimeout, URI ingestionUrl, Map<String, String> tokens, List<Watched> watch) {
    public Config {
      if (!(rate > 0)) {
        throw new IllegalArgumentException("rate must be > 0 records/s, got " + rate);
      }
      if (invalidShare < 0 || invalidShare >= 1) {
        throw new IllegalArgumentException("invalid share must be in [0, 1), got " + invalidShare);
      }
      if (deviceIds.isEmpty()) {
        throw new IllegalArgumentException("at least one simulated device is needed");
      }
      if (transport == Transport.HTTP && (ingestionUrl == null || !tokens.keySet().containsAll(deviceIds))) {
        throw new IllegalArgumentException("HTTP needs the ingestion URL and a token for every simulated device");
      }
      deviceIds = List.copyOf(deviceIds);
      tokens = Map.copyOf(tokens);
      watch = List.copyOf(watch);
    }

    long records() {
      return (long) Math.ceil(rate * duration.toNanos() / 1e9);
    }

    long warmupRecords() {
      return (long) Math.ceil(rate * warmup.toNanos() / 1e9);
    }
  }

  /**
   * What a run measured.
   *
   * @param inputRate records the platform acknowledged per second of the send phase
   * @param outputRate samples + rejections of this run per second, from the first scheduled send to the last
   *     output: what went through ingestion
   * @param drainSeconds from the end of the schedule until every acknowledged record came out (or the drain
   *     timeout ran out: then {@code complete} is false)
   * @param cpuCores CPU time of each watched process during the run, in cores (1.0 = one core busy)
   * @param machineBusyCores busy CPU of the whole machine during the run (every process), in cores
   */
  public record Result(String label, Transport transport, double targetRate, double seconds, double invalidShare,
      int devices, int batchRecords, double inputRate, double outputRate, double drainSeconds, boolean complete,
      RunTracker.Counts counts, Map<String, Long> rejectionReasons, Map<String, Long> httpStatus,
      LatencySummary endToEnd, LatencySummary rejection, LatencySummary ack, Map<String, Long> rssMaxBytes,
      Map<String, Long> rssMeanBytes, Map<String, Double> cpuCores, double machineBusyCores, double load1mMean,
      double load1mMax, List<Second> timeline) {
    /**
     * Ingestion kept up: records out at 95% of the target rate or more over the whole run, the backlog gone within
     * max(2 s, 10% of the run) after the schedule ended, every record accounted for, nothing lost or misjudged.
     */
    public boolean sustained() {
      return complete && counts.clean() && outputRate >= 0.95 * targetRate
          && drainSeconds <= Math.max(2.0, 0.1 * seconds);
    }
  }

  private static final EventCodec<ProfilingSample> SAMPLES = EventCodec.of(ProfilingSample.class);
  private static final EventCodec<RejectedTelemetry> REJECTIONS = EventCodec.of(RejectedTelemetry.class);

  private final KafkaSettings kafka;
  private final Config config;
  private final TelemetryFactory factory;
  private final RunTracker tracker;
  private final Consumer<String> log;
  private final Map<String, AtomicLong> reasons = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> httpStatus = new ConcurrentHashMap<>();
  private final AtomicBoolean stop = new AtomicBoolean();

  public IngestionRun(KafkaSettings kafka, Config config, String runId, Consumer<String> log) {
    this.kafka = kafka;
    this.config = config;
    this.factory = new TelemetryFactory(runId, config.deviceClass());
    long records = config.records();
    if (records > Integer.MAX_VALUE / 2) {
      throw new IllegalArgumentException("a run holds at most " + Integer.MAX_VALUE / 2 + " records, got " + records);
    }
    this.tracker = new RunTracker((int) records, config.warmupRecords());
    this.log = log;
  }

  /** Record {@code seq} is malformed when the running count of bad records steps up at it. */
  static boolean isBad(long seq, double share) {
    return Math.floor((seq + 1) * share) > Math.floor(seq * share);
  }

  static long badIndex(long seq, double share) {
    return (long) Math.floor(seq * share);
  }

  public Result run() throws InterruptedException {
    List<Thread> readers = new ArrayList<>();
    CountDownLatch positioned = new CountDownLatch(2);
    readers.add(reader(Topics.PROFILING_SAMPLES.name(), positioned, this::onSample));
    readers.add(reader(Topics.TELEMETRY_REJECTED.name(), positioned, this::onRejection));
    readers.forEach(Thread::start);
    if (!positioned.await(60, TimeUnit.SECONDS)) {
      stop.set(true);
      throw new IllegalStateException("the output topics could not be read within 60 s: is " + kafka.bootstrapServers()
          + " reachable?");
    }
    Map<String, Double> cpuStart = cpu();
    OptionalDouble busyStart = Proc.machineBusySeconds();
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
    Timeline timeline = new Timeline(start);
    Thread sampler = new Thread(timeline, "load-timeline");
    sampler.setDaemon(true);
    sampler.start();

    log.accept(String.format(java.util.Locale.ROOT, "%s: %,d records at %.0f/s over %s (%s, %.0f%% invalid, %d devices)",
        config.label(), config.records(), config.rate(), config.duration(), config.transport(),
        config.invalidShare() * 100, config.deviceIds().size()));
    if (config.transport() == Transport.KAFKA) {
      sendKafka(start);
    } else {
      sendHttp(start);
    }
    long sendEnd = System.nanoTime();
    double sendSeconds = (sendEnd - start) / 1e9;
    double inputRate = tracker.ackedCount() / sendSeconds;

    // drain: until every acknowledged record came out, or nothing came out for drainTimeout
    long lastOut = tracker.out();
    long lastProgress = System.nanoTime();
    while (!tracker.allAccountedFor()) {
      Thread.sleep(20);
      long out = tracker.out();
      if (out != lastOut) {
        lastOut = out;
        lastProgress = System.nanoTime();
      } else if (System.nanoTime() - lastProgress > config.drainTimeout().toNanos()) {
        break;
      }
    }
    boolean complete = tracker.allAccountedFor();
    double drainSeconds = (System.nanoTime() - sendEnd) / 1e9;
    double wall = (System.nanoTime() - start) / 1e9;
    Map<String, Double> cpuEnd = cpu();
    OptionalDouble busyEnd = Proc.machineBusySeconds();
    stop.set(true);
    sampler.interrupt();
    sampler.join(2000);
    for (Thread t : readers) {
      t.join(5000);
    }
    timeline.tick();

    Map<String, Double> cpuCores = new LinkedHashMap<>();
    cpuEnd.forEach((name, end) -> {
      Double s = cpuStart.get(name);
      if (s != null) {
        cpuCores.put(name, (end - s) / wall);
      }
    });
    double busyCores = busyStart.isPresent() && busyEnd.isPresent()
        ? (busyEnd.getAsDouble() - busyStart.getAsDouble()) / wall : Double.NaN;
    List<Second> seconds = timeline.seconds();
    // records out over the whole run, from the first scheduled send to the last output: what ingestion carried
    long lastOutAt = tracker.lastOutNanos();
    double outputRate = lastOutAt == Long.MIN_VALUE ? 0 : tracker.out() / ((lastOutAt - start) / 1e9);
    Map<String, Long> rssMax = new LinkedHashMap<>();
    Map<String, Long> rssMean = new LinkedHashMap<>();
    for (Watched w : config.watch()) {
      long max = 0;
      long sum = 0;
      int n = 0;
      for (Second s : seconds) {
        Long v = s.rssBytes().get(w.name());
        if (v != null) {
          max = Math.max(max, v);
          sum += v;
          n++;
        }
      }
      if (n > 0) {
        rssMax.put(w.name(), max);
        rssMean.put(w.name(), sum / n);
      }
    }
    double loadMean = seconds.stream().mapToDouble(Second::load1m).filter(Double::isFinite).average().orElse(Double.NaN);
    double loadMax = seconds.stream().mapToDouble(Second::load1m).filter(Double::isFinite).max().orElse(Double.NaN);
    return new Result(config.label(), config.transport(), config.rate(), config.duration().toNanos() / 1e9,
        config.invalidShare(), config.deviceIds().size(), config.batchRecords(), inputRate, outputRate,
        drainSeconds, complete, tracker.counts(), snapshot(reasons), snapshot(httpStatus),
        LatencySummary.of(tracker.endToEnd()), LatencySummary.of(tracker.rejectionLatency()),
        LatencySummary.of(tracker.ackLatency()), rssMax, rssMean, cpuCores, busyCores, loadMean, loadMax, seconds);
  }

  private void sendKafka(long start) {
    Map<String, Object> props = kafka.with(Map.of(
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.LINGER_MS_CONFIG, 5,
        ProducerConfig.CLIENT_ID_CONFIG, "jointcs-load-" + factory.runId()));
    double intervalNanos = 1e9 / config.rate();
    List<String> devices = config.deviceIds();
    String topic = Topics.TELEMETRY_RAW.name();
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
        new ByteArraySerializer())) {
      for (long seq = 0; seq < tracker.capacity(); seq++) {
        long intended = start + (long) (seq * intervalNanos);
        waitUntil(intended);
        boolean bad = isBad(seq, config.invalidShare());
        String device = devices.get((int) (seq % devices.size()));
        long now = System.currentTimeMillis();
        byte[] value = bad
            ? factory.badBinary(Malformation.nth(badIndex(seq, config.invalidShare())), seq, device, now)
            : factory.goodBinary(seq, device, now);
        tracker.scheduled(seq, bad, intended);
        final long s = seq;
        producer.send(new ProducerRecord<>(topic, device, value), (metadata, e) -> {
          if (e == null) {
            tracker.acknowledged(s, System.nanoTime());
          } else {
            tracker.sendFailed(s);
            count(httpStatus, "kafka " + e.getClass().getSimpleName());
          }
        });
      }
      producer.flush();
    }
  }

  private void sendHttp(long start) throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    URI endpoint = config.ingestionUrl().resolve("/telemetry");
    int batch = config.batchRecords();
    long records = tracker.capacity();
    long batches = (records + batch - 1) / batch;
    double intervalNanos = 1e9 * batch / config.rate();
    Semaphore inFlight = new Semaphore(config.maxInFlight());
    List<String> devices = config.deviceIds();
    for (long b = 0; b < batches; b++) {
      long intended = start + (long) (b * intervalNanos);
      waitUntil(intended);
      String device = devices.get((int) (b % devices.size()));
      long first = b * batch;
      long last = Math.min(records, first + batch);
      long now = System.currentTimeMillis();
      StringBuilder body = new StringBuilder(batch * 900).append('[');
      for (long seq = first; seq < last; seq++) {
        boolean bad = isBad(seq, config.invalidShare());
        if (seq > first) {
          body.append(',');
        }
        body.append(bad ? factory.badJson(Malformation.nth(badIndex(seq, config.invalidShare())), seq, device, now)
            : factory.goodJson(seq, device, now));
        tracker.scheduled(seq, bad, intended);
      }
      body.append(']');
      HttpRequest request = HttpRequest.newBuilder(endpoint)
          .timeout(Duration.ofSeconds(30))
          .header("Authorization", "Bearer " + config.tokens().get(device))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
          .build();
      inFlight.acquire();
      http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, e) -> {
        inFlight.release();
        long t = System.nanoTime();
        String status = e != null ? "error " + e.getClass().getSimpleName() : Integer.toString(response.statusCode());
        count(httpStatus, status);
        for (long seq = first; seq < last; seq++) {
          if (e == null && response.statusCode() == 202) {
            tracker.acknowledged(seq, t);
          } else {
            tracker.sendFailed(seq);
          }
        }
      });
    }
    // every answer in before the drain starts counting
    inFlight.acquire(config.maxInFlight());
    inFlight.release(config.maxInFlight());
  }

  private static void waitUntil(long nanos) {
    long wait;
    while ((wait = nanos - System.nanoTime()) > 0) {
      LockSupport.parkNanos(Math.min(wait, 1_000_000));
    }
  }

  private Thread reader(String topic, CountDownLatch positioned, Consumer<ConsumerRecord<String, byte[]>> handler) {
    Thread t = new Thread(() -> {
      Map<String, Object> props = kafka.with(Map.of(
          ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
          ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
          ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000,
          ConsumerConfig.CLIENT_ID_CONFIG, "jointcs-load-" + factory.runId() + "-" + topic));
      try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
          new ByteArrayDeserializer())) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        positioned.countDown();
        while (!stop.get()) {
          for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(50))) {
            handler.accept(r);
          }
        }
      }
    }, "load-read-" + topic);
    t.setDaemon(true);
    return t;
  }

  private void onSample(ConsumerRecord<String, byte[]> r) {
    long now = System.nanoTime();
    if (r.value() == null) {
      return;
    }
    if (SAMPLES.tryDecode(r.value()) instanceof Decoded.Ok<ProfilingSample> ok) {
      long seq = factory.sequenceOf(ok.value().getSampleId());
      if (seq >= 0) {
        tracker.sampleSeen(seq, now);
      }
    }
  }

  private void onRejection(ConsumerRecord<String, byte[]> r) {
    long now = System.nanoTime();
    if (r.value() == null) {
      return;
    }
    if (REJECTIONS.tryDecode(r.value()) instanceof Decoded.Ok<RejectedTelemetry> ok) {
      ByteBuffer original = ok.value().getOriginalBytes();
      byte[] bytes = new byte[original.remaining()];
      original.duplicate().get(bytes);
      long seq = factory.sequenceIn(bytes);
      if (seq >= 0) {
        count(reasons, ok.value().getReason().name());
        tracker.rejectionSeen(seq, now);
      }
    }
  }

  private Map<String, Double> cpu() {
    Map<String, Double> cpu = new LinkedHashMap<>();
    for (Watched w : config.watch()) {
      Proc.cpuSeconds(w.pid()).ifPresent(s -> cpu.put(w.name(), s));
    }
    return cpu;
  }

  private static void count(Map<String, AtomicLong> counts, String key) {
    counts.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
  }

  private static Map<String, Long> snapshot(Map<String, AtomicLong> counts) {
    Map<String, Long> out = new java.util.TreeMap<>();
    counts.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  /** Samples the run once a second: rates, interval latency percentiles, memory of the watched processes. */
  private final class Timeline implements Runnable {
    private final long start;
    private final List<Second> seconds = new ArrayList<>();
    private long lastScheduled;
    private long lastAcked;
    private long lastGood;
    private long lastBad;
    private long lastTick;

    Timeline(long start) {
      this.start = start;
      this.lastTick = start;
    }

    @Override
    public void run() {
      waitUntil(start);
      long next = start + TimeUnit.SECONDS.toNanos(1);
      while (!stop.get()) {
        long wait = next - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
          if (Thread.currentThread().isInterrupted()) {
            return;
          }
          continue;
        }
        tick();
        next += TimeUnit.SECONDS.toNanos(1);
      }
    }

    synchronized void tick() {
      long now = System.nanoTime();
      if (now - lastTick < TimeUnit.MILLISECONDS.toNanos(500) && !seconds.isEmpty()) {
        return;
      }
      long scheduled = tracker.scheduledCount();
      long acked = tracker.ackedCount();
      long good = tracker.goodOut();
      long bad = tracker.badOut();
      Histogram h = tracker.intervalEndToEnd();
      Map<String, Long> rss = new LinkedHashMap<>();
      for (Watched w : config.watch()) {
        Proc.rssBytes(w.pid()).ifPresent(v -> rss.put(w.name(), v));
      }
      boolean any = h.getTotalCount() > 0;
      seconds.add(new Second(Math.round((now - start) / 1e8) / 10.0, scheduled - lastScheduled, acked - lastAcked,
          good - lastGood, bad - lastBad,
          any ? h.getValueAtPercentile(50) / 1000.0 : Double.NaN,
          any ? h.getValueAtPercentile(99) / 1000.0 : Double.NaN,
          any ? h.getMaxValue() / 1000.0 : Double.NaN, rss, Proc.loadAverage1m().orElse(Double.NaN)));
      lastScheduled = scheduled;
      lastAcked = acked;
      lastGood = good;
      lastBad = bad;
      lastTick = now;
    }

    synchronized List<Second> seconds() {
      return List.copyOf(seconds);
    }
  }
}
