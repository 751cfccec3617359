package io.jointcs.trainer;

import io.jointcs.events.LatencyPredictor;
import io.jointcs.events.codec.EventCodec;
import io.jointcs.latency.prediction.PredictorTrainer;
import io.jointcs.latency.prediction.TrainedPredictor;
import io.jointcs.latency.training.AcceptanceRule;
import io.jointcs.latency.training.ModelSnapshot;
import io.jointcs.latency.training.RetrainPolicy;
import io.jointcs.latency.training.RetrainProgress;
import io.jointcs.latency.training.Retraining;
import io.jointcs.latency.training.TrainingSnapshot;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Retrains device classes in the background and publishes accepted versions to jointcs.predictors. A scheduler
 * thread checks every class against the {@link RetrainPolicy} each {@code check-interval}; retraining (XGBoost,
 * CPU-bound) runs on one worker thread, one class at a time, so it never competes with the consumer's thread and
 * at most one core is busy training. A version becomes current only once the broker acknowledged it; a publish
 * that fails is counted and logged, and the class retries at its next attempt.
 */
@ApplicationScoped
public class Retrainer {
  private static final Logger LOG = Logger.getLogger(Retrainer.class);

  @Inject
  TrainingConfig config;

  @Inject
  TrainingSets sets;

  @Inject
  PredictorCatalog catalog;

  @Inject
  MeterRegistry registry;

  @Inject
  @Channel(Channels.PREDICTORS)
  Emitter<byte[]> predictors;

  private static final EventCodec<LatencyPredictor> CODEC = EventCodec.of(LatencyPredictor.class);

  private final Clock clock = Clock.systemUTC();
  private RetrainPolicy policy;
  private AcceptanceRule rule;
  private PredictorTrainer.Options options;
  private ScheduledExecutorService scheduler;
  private ExecutorService worker;

  void start(@Observes StartupEvent event) {
    policy = new RetrainPolicy(config.minNewSamples(), config.minInterval(), config.minFirstTrainingSamples(),
        config.minHoldoutSamples());
    rule = new AcceptanceRule(config.acceptanceMetric(), config.acceptanceTolerance());
    options = PredictorTrainer.Options.defaults();
    worker = Executors.newSingleThreadExecutor(r -> daemon(r, "retrain-worker"));
    scheduler = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "retrain-scheduler"));
    long every = config.checkInterval().toMillis();
    scheduler.scheduleWithFixedDelay(this::check, every, every, TimeUnit.MILLISECONDS);
  }

  /** Graceful shutdown: no new attempts; an attempt in flight may finish within the shutdown timeout. */
  void stop(@Observes ShutdownEvent event) throws InterruptedException {
    scheduler.shutdownNow();
    worker.shutdown();
    if (!worker.awaitTermination(5, TimeUnit.SECONDS)) {
      worker.shutdownNow(); // an unfinished attempt publishes nothing; the next run retrains
    }
  }

  void check() {
    if (!catalog.loaded()) {
      return; // deciding before the current versions are known could republish or regress
    }
    Instant now = clock.instant();
    sets.all().values().forEach(state -> {
      try {
        considerOne(state, now);
      } catch (RuntimeException e) {
        LOG.errorf(e, "checking %s failed", state.set.deviceClass());
      }
    });
  }

  private void considerOne(TrainingSets.ClassState state, Instant now) {
    if (state.inFlight) {
      return;
    }
    String deviceClass = state.set.deviceClass();
    var current = catalog.current(deviceClass);
    if (state.progress == null) {
      state.progress = current.map(c -> RetrainProgress.resumedFrom(
          Instant.ofEpochMilli(c.event().getCreatedAtEpochMs()))).orElse(RetrainProgress.NONE);
    }
    RetrainPolicy.Decision decision = policy.decide(state.progress, state.set, current.isPresent(), now);
    if (!decision.retrain()) {
      return;
    }
    TrainingSnapshot snapshot = state.set.snapshot();
    ModelSnapshot models = sets.models(deviceClass);
    state.progress = RetrainProgress.attempted(snapshot, now);
    state.inFlight = true;
    LOG.infof("retraining %s: %s", deviceClass, decision.reason());
    worker.execute(() -> {
      try {
        retrain(state, snapshot, models, now);
      } finally {
        state.inFlight = false;
      }
    });
  }

  private void retrain(TrainingSets.ClassState state, TrainingSnapshot snapshot, ModelSnapshot models,
      Instant startedAt) {
    String deviceClass = snapshot.deviceClass();
    PredictorCatalog.Current current = catalog.current(deviceClass).orElse(null);
    TrainedPredictor currentTrained = current == null ? null : current.trained();
    long version = catalog.nextVersion(deviceClass);
    Timer.Sample timing = Timer.start(registry);
    Retraining.RetrainOutcome outcome;
    try {
      outcome = Retraining.run(snapshot, models, currentTrained, config.kind(), options, rule, version);
    } catch (RuntimeException e) {
      timing.stop(registry.timer("jointcs.training.duration", "class", deviceClass));
      registry.counter("jointcs.training.retrains", "class", deviceClass, "outcome", "failed").increment();
      state.lastAttempt = new Attempt(startedAt, version, snapshot.training().size(), snapshot.holdout().size(),
          null, null, false, "training failed: " + e.getMessage(), 0, models.training().size(),
          models.holdout().size(), null, null, null);
      LOG.errorf(e, "retraining %s failed", deviceClass);
      return;
    }
    timing.stop(registry.timer("jointcs.training.duration", "class", deviceClass));
    AcceptanceRule.Verdict verdict = outcome.verdict();
    boolean published = false;
    String reason = verdict.reason();
    if (verdict.accepted()) {
      LatencyPredictor event = PredictorEvents.toEvent(outcome.candidate(),
          outcome.wholeModels() == null ? null : outcome.wholeModels().candidate(), outcome.trainingModelSamples(),
          snapshot.emulated(), clock.instant());
      try {
        publish(event);
        catalog.published(event, outcome.candidate());
        published = true;
      } catch (Exception e) {
        registry.counter("jointcs.training.publish.failures", "class", deviceClass).increment();
        reason = "accepted but not published: " + e;
        LOG.errorf("publishing %s v%d failed: %s", deviceClass, version, e.toString());
      }
    }
    registry.counter("jointcs.training.retrains", "class", deviceClass,
        "outcome", published ? "accepted" : verdict.accepted() ? "failed" : "rejected").increment();
    state.lastAttempt = new Attempt(startedAt, version, outcome.trainingSamples(), outcome.holdoutSamples(),
        verdict.candidate(), verdict.current(), published, reason, outcome.trainingTime().toMillis(),
        outcome.trainingModelSamples(), outcome.holdoutModelSamples(),
        outcome.wholeModels() == null ? null : outcome.wholeModels().candidate(),
        outcome.wholeModels() == null ? null : outcome.wholeModels().current(), outcome.overhead().note());
    LOG.infof("%s v%d %s in %d ms on %d training / %d held-out samples: %s", deviceClass, version,
        published ? "published" : "not published", outcome.trainingTime().toMillis(), outcome.trainingSamples(),
        outcome.holdoutSamples(), reason);
  }

  /** Sends one predictor keyed by its device class and waits for the broker's acknowledgement (acks=all). */
  private void publish(LatencyPredictor event) throws Exception {
    CompletableFuture<Void> acked = new CompletableFuture<>();
    Message<byte[]> message = Message.of(CODEC.encode(event))
        .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(event.getDeviceClass()).build())
        .withAck(() -> {
          acked.complete(null);
          return CompletableFuture.completedFuture(null);
        })
        .withNack(failure -> {
          acked.completeExceptionally(failure);
          return CompletableFuture.completedFuture(null);
        });
    predictors.send(message);
    acked.get(config.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
