package io.jointcs.orchestration;

import io.smallrye.common.annotation.Identifier;

import io.jointcs.artifact.FileArtifactStore;
import io.jointcs.events.ArtifactRef;
import io.jointcs.events.CandidateEvaluationResult;
import io.jointcs.events.DeploymentPlan;
import io.jointcs.events.DeviceRegistration;
import io.jointcs.events.LatencyPredictor;
import io.jointcs.events.NetworkChange;
import io.jointcs.events.NetworkState;
import io.jointcs.events.SearchEvent;
import io.jointcs.events.SearchRequest;
import io.jointcs.events.SearchStarted;
import io.jointcs.events.codec.Decoded;
import io.jointcs.events.codec.EventCodec;
import io.jointcs.model.ModelSpec;
import io.jointcs.plans.DeployableModel;
import io.jointcs.plans.DevicePlan;
import io.jointcs.plans.PlanEvents;
import io.jointcs.plans.Resegmentation;
import io.jointcs.search.LatencyModels;
import io.jointcs.search.NetworkLink;
import io.jointcs.segmentation.CutQuantization;
import io.jointcs.topics.Topics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The service: materializes the state topics (jointcs.search.events, jointcs.candidates.results, jointcs.predictors,
 * jointcs.devices, jointcs.network.state, jointcs.plans) from their beginning before it takes work, resumes every
 * unfinished search, then takes search requests (jointcs.search.requests) and network changes
 * (jointcs.network.changes) as consumer group {@code jointcs.orchestrator.group-id}, and writes
 * jointcs.search.events, jointcs.candidates.requests and jointcs.plans.
 *
 * <p>Threads: searches run on their own pool (each blocks while its candidates are evaluated); every plan decision
 * and publication runs on one planner thread, so plan versions of a device never race; one thread tails the state
 * topics, one takes the work topics.
 *
 * <p>One orchestrator instance runs the searches of a cluster (they are not partitioned among instances).
 */
@ApplicationScoped
public class Orchestrator {
  private static final Logger LOG = Logger.getLogger(Orchestrator.class);

  @Inject
  OrchestratorConfig config;

  @Inject
  OrchestratorMetrics metrics;

  /** Every {@code kafka.*} setting (bootstrap servers, TLS, SASL), as Quarkus collects them for Kafka clients. */
  @Inject
  @Identifier("default-kafka-broker")
  Map<String, Object> kafkaConfig;

  private final ResultBoard board = new ResultBoard();
  private final Map<String, ArtifactRef> resultArtifacts = new ConcurrentHashMap<>();
  private final Map<String, SearchView> views = new ConcurrentHashMap<>();
  private final Set<String> running = ConcurrentHashMap.newKeySet();
  private final Map<String, String> rejected = new ConcurrentHashMap<>();
  private final Map<String, DeploymentPlan> planEvents = new ConcurrentHashMap<>();
  private final List<BiConsumer<String, SearchEvent>> listeners = new CopyOnWriteArrayList<>();
  private volatile boolean ready;
  private volatile String startupError;

  private HeadArtifacts artifacts;
  private PredictorRegistry predictors;
  private PlanBook book; // planner thread only
  private KafkaGateway gateway;
  private SearchRunner runner;
  private TopicReader stateReader;
  private KafkaConsumer<String, byte[]> workConsumer;
  private ExecutorService searchPool;
  private ExecutorService planner;
  private Thread tailThread;
  private Thread workThread;
  private volatile boolean stopping;

  void onStart(@Observes StartupEvent event) {
    try {
      start();
    } catch (RuntimeException | IOException e) {
      startupError = e.toString();
      LOG.error("search orchestration could not start; readiness stays DOWN", e);
    }
  }

  void onStop(@Observes ShutdownEvent event) {
    stop();
  }

  private void start() throws IOException {
    long t0 = System.nanoTime();
    artifacts = new HeadArtifacts(new FileArtifactStore(config.artifacts().root()));
    predictors = new PredictorRegistry(config.predictors().archiveDir(), config.predictors().batchSizes());
    book = new PlanBook(config.plans().hysteresisRatio(), () -> predictors.latestModels());
    gateway = new KafkaGateway(kafkaClientConfig(), "jointcs-search-orchestration");
    runner = new SearchRunner(board, request -> {
      gateway.publish(request);
      metrics.candidateRequested();
    }, config.search().evaluationTimeout(), new SearchDefinition.Finalization(config.search().finalizeLast(),
        config.search().finalBudgetFactor()), System::currentTimeMillis);
    searchPool = Executors.newFixedThreadPool(config.search().maxConcurrent(), named("jointcs-search"));
    planner = Executors.newSingleThreadExecutor(named("jointcs-planner"));

    // 1. the state topics, read to their end before anything is served or resumed
    stateReader = new TopicReader(kafkaClientConfig(), "jointcs-search-orchestration-state", List.of(Topics.SEARCH_EVENTS,
        Topics.CANDIDATE_RESULTS, Topics.PREDICTORS, Topics.DEVICES, Topics.NETWORK_STATE, Topics.PLANS),
        config.orchestrator().pollTimeout());
    Map<String, DeviceRegistration> devices = new HashMap<>();
    Map<String, NetworkState> networks = new HashMap<>();
    Map<String, DeploymentPlan> plans = new HashMap<>();
    long records = stateReader.catchUp(config.orchestrator().catchUpTimeout(), r -> {
      switch (topicOf(r)) {
        case "events" -> decode(SearchEvent.class, r).ifPresent(this::applyStored);
        case "results" -> decode(CandidateEvaluationResult.class, r).ifPresent(this::result);
        case "predictors" -> decode(LatencyPredictor.class, r).ifPresent(predictors::offer);
        case "devices" -> keep(devices, r, DeviceRegistration.class);
        case "network" -> keep(networks, r, NetworkState.class);
        case "plans" -> decode(DeploymentPlan.class, r).ifPresentOrElse(p -> plans.merge(r.key(), p,
            (a, b) -> a.getPlanVersion() >= b.getPlanVersion() ? a : b), () -> plans.remove(r.key()));
        default -> { }
      }
    });
    // 2. the plan book from that state (on the planner thread, which owns it from now on)
    await(planner.submit(() -> {
      devices.values().forEach(this::registered);
      networks.values().forEach(n -> book.network(n.getDeviceId(), measured(n.getUplinkBandwidthBytesPerSec(),
          n.getRttMs())));
      views.values().stream().filter(v -> v.status() == SearchView.Status.COMPLETED)
          .sorted(Comparator.comparingLong(v -> v.events().get(v.events().size() - 1).getTimestampEpochMs()))
          .forEach(v -> completedSeries(v).ifPresent(book::searchCompleted));
      plans.values().forEach(this::restorePlan);
    }));
    ready = true;
    List<SearchView> unfinished = views.values().stream().filter(v -> !v.finished() && v.started() != null).toList();
    LOG.infof("state read in %.1f s: %d records, %d searches (%d unfinished), %d evaluation results, predictors of "
        + "%s, %d devices, %d plans", (System.nanoTime() - t0) / 1e9, records, views.size(), unfinished.size(),
        board.size(), predictors.classes(), devices.size(), plans.size());

    // 3. live: the state topics' tail, unfinished searches, new work
    tailThread = thread(() -> stateReader.tail(this::live), "jointcs-state-tail");
    tailThread.start();
    for (SearchView v : unfinished) {
      LOG.infof("resuming search %s from its %d stored events", v.searchId(), v.events().size());
      launch(v.searchId(), v.started(), v.events(), v.startedAtEpochMs());
    }
    planner.submit(() -> devices.keySet().stream().sorted().forEach(this::initialPlan));
    workConsumer = workConsumer();
    workThread = thread(this::work, "jointcs-work");
    workThread.start();
  }

  private void stop() {
    stopping = true;
    ready = false;
    if (workConsumer != null) {
      workConsumer.wakeup();
    }
    if (stateReader != null) {
      stateReader.wakeup();
    }
    join(workThread);
    join(tailThread);
    // running searches are interrupted; they stay unfinished on the topic and resume at the next start
    shutdown(searchPool);
    shutdown(planner);
    if (gateway != null) {
      gateway.close();
    }
  }

  // ---------------------------------------------------------------- what the HTTP layer asks

  public boolean ready() {
    return ready;
  }

  public Optional<String> startupError() {
    return Optional.ofNullable(startupError);
  }

  public Collection<SearchView> searches() {
    return views.values();
  }

  public Optional<SearchView> search(String searchId) {
    return Optional.ofNullable(views.get(searchId));
  }

  /** Why a request of this id was not started, if it was not. */
  public Optional<String> rejection(String searchId) {
    return Optional.ofNullable(rejected.get(searchId));
  }

  public boolean known(String searchId) {
    return views.containsKey(searchId) || running.contains(searchId);
  }

  public Optional<DeploymentPlan> plan(String deviceId) {
    return Optional.ofNullable(planEvents.get(deviceId));
  }

  public Set<String> predictorClasses() {
    return predictors.classes();
  }

  public HeadArtifacts artifacts() {
    return artifacts;
  }

  public int runningSearches() {
    return running.size();
  }

  /** Called with (search id, event) for every event applied from now on. */
  public Runnable listen(BiConsumer<String, SearchEvent> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /**
   * Everything about a request that can be checked before it is published: the request itself, a predictor for
   * every class, the base model in the artifact store; throws IllegalArgumentException saying what is wrong.
   */
  public void validate(SearchRequest request) {
    SearchDefinition.checkRequest(request);
    List<String> unknown = SearchDefinition.classes(request).stream().filter(c -> !predictors.classes().contains(c))
        .toList();
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("unknown device class(es) " + unknown + ": latency predictors exist for "
          + (predictors.classes().isEmpty() ? "no class yet (none on jointcs.predictors)" : predictors.classes()));
    }
    String sha = ((ArtifactRef) request.getBaseModel()).getSha256();
    if (!artifacts.contains(sha)) {
      throw new IllegalArgumentException("base model " + sha + " is not in the artifact store at "
          + artifacts.store().root() + "; upload it to a compression executor (PUT /artifacts) or the shared store");
    }
    ModelSpec base = artifacts.fullSpec(sha);
    SearchDefinition.of(request, base, predictors.models(predictors.latestVersions(SearchDefinition.classes(request))),
        finalization());
  }

  /** Publishes a request on jointcs.search.requests; the work consumer starts it. */
  public void submit(SearchRequest request) {
    gateway.publish(request);
  }

  // ---------------------------------------------------------------- searches

  private void applyStored(SearchEvent e) {
    try {
      views.computeIfAbsent(e.getSearchId(), SearchView::new).apply(e);
    } catch (IllegalArgumentException gap) {
      LOG.errorf("jointcs.search.events: %s; event ignored", gap.getMessage());
    }
  }

  private void handleRequest(SearchRequest request) {
    String id = request.getSearchId();
    if (known(id)) {
      LOG.infof("search request %s: a search with this id exists already; ignored", id);
      return;
    }
    Map<String, Long> versions;
    try {
      validate(request);
      versions = predictors.latestVersions(SearchDefinition.classes(request));
    } catch (RuntimeException e) {
      rejected.put(id, e.getMessage());
      metrics.requestRejected();
      LOG.warnf("search request %s not started: %s", id, e.getMessage());
      return;
    }
    rejected.remove(id);
    SearchStarted started = SearchStarted.newBuilder().setRequest(request).setPredictorVersions(versions).build();
    launch(id, started, List.of(), System.currentTimeMillis());
  }

  private void launch(String id, SearchStarted started, List<SearchEvent> stored, long startedAtEpochMs) {
    running.add(id);
    SearchView view = views.computeIfAbsent(id, SearchView::new);
    searchPool.submit(() -> {
      try {
        SearchEventLog log = new SearchEventLog(id, stored, e -> {
          gateway.publish(e);
          metrics.eventPublished(e);
        }, System::currentTimeMillis, e -> {
          if (view.apply(e)) {
            listeners.forEach(l -> l.accept(id, e));
          }
        });
        String baseSha = ((ArtifactRef) started.getRequest().getBaseModel()).getSha256();
        SearchRunner.Outcome outcome = runner.run(started, startedAtEpochMs, () -> artifacts.fullSpec(baseSha),
            () -> pinnedModels(started), log);
        if (log.replayed() > 0) {
          LOG.infof("search %s: %d stored events replayed without republishing", id, log.replayed());
        }
        if (!outcome.failed() && !stopping) {
          planner.submit(() -> completedSeries(view).ifPresent(series -> {
            book.searchCompleted(series);
            for (DevicePlan plan : book.plansFor(series, System.currentTimeMillis())) {
              publishPlan(plan, -1);
            }
          }));
        }
      } catch (RuntimeException e) {
        LOG.errorf(e, "search %s ended abnormally", id);
      } finally {
        running.remove(id);
      }
    });
  }

  private LatencyModels pinnedModels(SearchStarted started) {
    try {
      return predictors.models(started.getPredictorVersions());
    } catch (IllegalArgumentException e) {
      throw new UnavailableException(e.getMessage(), e);
    }
  }

  private SearchDefinition.Finalization finalization() {
    return new SearchDefinition.Finalization(config.search().finalizeLast(), config.search().finalBudgetFactor());
  }

  /** A completed search's series as models a planner can deploy. */
  private Optional<PlanBook.CompletedSeries> completedSeries(SearchView view) {
    SearchRequest request = view.request();
    try {
      ModelSpec base = artifacts.fullSpec(((ArtifactRef) request.getBaseModel()).getSha256());
      List<DeployableModel> models = new ArrayList<>();
      for (SearchView.State s : view.series()) {
        models.add(new DeployableModel(Wire.localId(view.searchId(), s.id()), view.searchId(),
            Wire.spec(base, s.widths()), CutQuantization.NONE, s.reportedAccuracy(), s.deployedArtifact().getSha256()));
        resultArtifacts.put(s.deployedArtifact().getSha256(), s.deployedArtifact());
      }
      return Optional.of(new PlanBook.CompletedSeries(view.searchId(), request.getDeviceClasses(),
          request.getEdgeDeviceClass(), request.getConstraints().getLatencyTargetMs(), models));
    } catch (RuntimeException e) {
      LOG.warnf("search %s: its series cannot be planned with: %s", view.searchId(), e.getMessage());
      return Optional.empty();
    }
  }

  // ---------------------------------------------------------------- plans (planner thread)

  private void registered(DeviceRegistration r) {
    book.registered(new PlanBook.Device(r.getDevice().getDeviceId(), r.getDevice().getDeviceClass(),
        r.getDevice().getEmulated()));
  }

  private void initialPlan(String deviceId) {
    try {
      book.initialPlan(deviceId, System.currentTimeMillis()).ifPresent(p -> publishPlan(p, -1));
    } catch (RuntimeException e) {
      LOG.errorf(e, "device %s: no initial plan", deviceId);
    }
  }

  private void restorePlan(DeploymentPlan event) {
    planEvents.put(event.getDeviceId(), event);
    try {
      book.published(PlanEvents.fromEvent(event, artifacts.fullSpec(event.getModel().getSha256())));
    } catch (RuntimeException e) {
      book.versionSeen(event.getDeviceId(), event.getPlanVersion());
      LOG.warnf("plan %d of device %s cannot be re-segmented (%s); its version still counts", event.getPlanVersion(),
          event.getDeviceId(), e.getMessage());
    }
  }

  private void networkChanged(NetworkChange change) {
    long now = System.currentTimeMillis();
    NetworkLink link = measured(change.getCurrentBandwidthBytesPerSec(), change.getCurrentRttMs());
    String trigger = String.format(Locale.ROOT, "bandwidth %.2f -> %.2f MB/s, RTT %.1f -> %.1f ms",
        change.getPreviousBandwidthBytesPerSec() / 1e6, change.getCurrentBandwidthBytesPerSec() / 1e6,
        change.getPreviousRttMs(), change.getCurrentRttMs());
    Optional<Resegmentation> r = book.networkChanged(change.getDeviceId(), link, trigger, now);
    if (r.isPresent()) {
      metrics.resegmentation(r.get().changed());
      if (r.get().changed()) {
        publishPlan(r.get().newPlan(), change.getDetectedAtEpochMs());
      }
    } else {
      initialPlan(change.getDeviceId());
    }
  }

  private void predictorUpdated(String deviceClass, long version) {
    for (Resegmentation r : book.predictorUpdated(deviceClass, version, System.currentTimeMillis())) {
      metrics.resegmentation(r.changed());
      if (r.changed()) {
        publishPlan(r.newPlan(), -1);
      }
    }
  }

  /** Materializes the head, publishes the plan keyed by device id and records it. */
  private void publishPlan(DevicePlan plan, long triggeredAtEpochMs) {
    String sha = plan.model().artifactSha256();
    ArtifactRef model = resultArtifacts.getOrDefault(sha, artifacts.modelRef(sha));
    ArtifactRef head = plan.cut().cutPoint() == 0 ? null
        : artifacts.head(sha, plan.cut().cutPoint(), plan.model().quantization());
    boolean emulated = predictors.emulated(plan.deviceClass())
        || book.device(plan.deviceId()).map(PlanBook.Device::emulated).orElse(false);
    DeploymentPlan event = PlanEvents.toEvent(plan, model, head, emulated);
    gateway.publish(event);
    book.published(plan);
    planEvents.put(plan.deviceId(), event);
    metrics.planPublished(plan.reason(), triggeredAtEpochMs);
    LOG.infof("plan %d of device %s (%s): %s", plan.version(), plan.deviceId(), plan.reason(), plan.reasonText());
  }

  private static NetworkLink measured(double bytesPerSec, double rttMs) {
    return new NetworkLink("measured", bytesPerSec, rttMs);
  }

  // ---------------------------------------------------------------- Kafka

  /** A record of the state topics after start. */
  private void live(ConsumerRecord<String, byte[]> r) {
    switch (topicOf(r)) {
      case "events" -> decode(SearchEvent.class, r).ifPresent(e -> {
        SearchView view = views.computeIfAbsent(e.getSearchId(), SearchView::new);
        try {
          if (view.apply(e)) { // an event this instance did not write
            listeners.forEach(l -> l.accept(e.getSearchId(), e));
          }
        } catch (IllegalArgumentException gap) {
          LOG.errorf("jointcs.search.events: %s; event ignored", gap.getMessage());
        }
      });
      case "results" -> decode(CandidateEvaluationResult.class, r).ifPresent(this::result);
      case "predictors" -> decode(LatencyPredictor.class, r).ifPresent(p -> {
        if (predictors.offer(p)) {
          planner.submit(() -> guarded("predictor update", () -> predictorUpdated(p.getDeviceClass(),
              p.getVersion())));
        }
      });
      case "devices" -> decode(DeviceRegistration.class, r).ifPresent(d -> planner.submit(() -> guarded(
          "registration", () -> {
            registered(d);
            initialPlan(d.getDevice().getDeviceId());
          })));
      case "network" -> decode(NetworkState.class, r).ifPresent(n -> planner.submit(() -> guarded("network state",
          () -> {
            book.network(n.getDeviceId(), measured(n.getUplinkBandwidthBytesPerSec(), n.getRttMs()));
            initialPlan(n.getDeviceId());
          })));
      case "plans" -> decode(DeploymentPlan.class, r).ifPresent(p -> planner.submit(() -> guarded("plan", () -> {
        if (p.getPlanVersion() > book.version(p.getDeviceId())) { // written by someone else
          restorePlan(p);
        }
      })));
      default -> { }
    }
  }

  private void result(CandidateEvaluationResult r) {
    board.put(r);
    if (r.getArtifact() != null) {
      resultArtifacts.putIfAbsent(r.getArtifact().getSha256(), r.getArtifact());
    }
  }

  private KafkaConsumer<String, byte[]> workConsumer() {
    Properties p = new Properties();
    p.putAll(kafkaClientConfig());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, config.orchestrator().groupId());
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "jointcs-search-orchestration-work");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // ingestion writes jointcs.network.changes in exactly-once transactions: an aborted change never happened
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    c.subscribe(List.of(Topics.SEARCH_REQUESTS.name(), Topics.NETWORK_CHANGES.name()));
    return c;
  }

  /**
   * Failure strategy of the work topics: a record that does not decode is logged and skipped; a request that fails
   * validation is logged and remembered (GET /searches/{id} says why) and skipped; a network change whose plan
   * cannot be published is logged. Offsets are committed after each handled batch (at least once; both handlers
   * are idempotent: a known search id is ignored, a repeated change moves no cut past the hysteresis).
   */
  private void work() {
    try {
      while (!stopping) {
        for (ConsumerRecord<String, byte[]> r : workConsumer.poll(config.orchestrator().pollTimeout())) {
          if (r.topic().equals(Topics.SEARCH_REQUESTS.name())) {
            decode(SearchRequest.class, r).ifPresent(req -> guarded("search request " + r.key(),
                () -> handleRequest(req)));
          } else {
            decode(NetworkChange.class, r).ifPresent(change -> await(planner.submit(() -> guarded(
                "network change of " + change.getDeviceId(), () -> networkChanged(change)))));
          }
        }
        workConsumer.commitSync();
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      LOG.error("the work consumer stopped", e);
    } finally {
      workConsumer.close(Duration.ofSeconds(5));
    }
  }

  private static String topicOf(ConsumerRecord<String, byte[]> r) {
    String t = r.topic();
    if (t.equals(Topics.SEARCH_EVENTS.name())) {
      return "events";
    } else if (t.equals(Topics.CANDIDATE_RESULTS.name())) {
      return "results";
    } else if (t.equals(Topics.PREDICTORS.name())) {
      return "predictors";
    } else if (t.equals(Topics.DEVICES.name())) {
      return "devices";
    } else if (t.equals(Topics.NETWORK_STATE.name())) {
      return "network";
    } else if (t.equals(Topics.PLANS.name())) {
      return "plans";
    }
    return "";
  }

  /** The record's event; empty for a tombstone or bytes that do not decode (logged: skipped, never fatal). */
  private <T extends org.apache.avro.specific.SpecificRecord> Optional<T> decode(Class<T> type, ConsumerRecord<String, byte[]> r) {
    if (r.value() == null) {
      return Optional.empty();
    }
    Decoded<T> d = EventCodec.of(type).tryDecode(r.value());
    if (d instanceof Decoded.Ok<T> ok) {
      return Optional.of(ok.value());
    }
    metrics.recordSkipped(r.topic());
    LOG.warnf("%s-%d@%d (key %s): not a %s, skipped: %s", r.topic(), r.partition(), r.offset(), r.key(),
        type.getSimpleName(), d);
    return Optional.empty();
  }

  private <T extends org.apache.avro.specific.SpecificRecord> void keep(Map<String, T> latest, ConsumerRecord<String, byte[]> r, Class<T> type) {
    decode(type, r).ifPresentOrElse(v -> latest.put(r.key(), v), () -> latest.remove(r.key()));
  }

  private static void guarded(String what, Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      LOG.errorf(e, "%s failed", what);
    }
  }

  private static void await(java.util.concurrent.Future<?> f) {
    try {
      f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  private static java.util.concurrent.ThreadFactory named(String prefix) {
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    return r -> {
      Thread t = thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * A thread with the application's class loader as its context loader: Avro resolves the generated event classes
   * through it, and under Quarkus a plain new thread would see the system loader's copies.
   */
  private static Thread thread(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setContextClassLoader(Orchestrator.class.getClassLoader());
    return t;
  }

  private static void join(Thread t) {
    if (t != null) {
      try {
        t.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void shutdown(ExecutorService pool) {
    if (pool != null) {
      pool.shutdownNow();
      try {
        pool.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The connection settings all clients share; Quarkus' own keys (e.g. Dev Services) are not client settings. */
  private Map<String, Object> kafkaClientConfig() {
    Map<String, Object> clientConfig = new HashMap<>();
    kafkaConfig.forEach((key, value) -> {
      if (!key.startsWith("devservices") && !key.startsWith("health")) {
        clientConfig.put(key, value);
      }
    });
    return clientConfig;
  }
}
