package io.jointcs.executor;

import io.jointcs.timing.NativeAllocator;
import io.jointcs.topics.Topics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@code jointcs.executor.workers} {@link Worker}s over {@code jointcs.candidates.requests} → {@code
 * jointcs.candidates.results}, sharing one {@link ResultLedger}. Starts in the background (the broker may come up
 * later: the service is then alive but not ready); stops gracefully.
 */
@ApplicationScoped
public class CompressionExecutor {
  private static final Logger LOG = LoggerFactory.getLogger(CompressionExecutor.class);

  @Inject
  ExecutorConfig config;

  @Inject
  @Identifier("default-kafka-broker")
  Map<String, Object> kafkaConfig;

  @Inject
  CandidateEvaluator evaluator;

  @Inject
  ExecutorMetrics metrics;

  private final List<Worker> workers = new ArrayList<>();
  private volatile ResultLedger ledger;
  private volatile String startupError;
  private volatile boolean stopping;
  private Thread starter;
  private String instanceId;

  void onStart(@Observes StartupEvent event) {
    config.intraOpThreads().ifPresent(threads -> {
      // read once when PyTorch starts: set before the first evaluation touches the engine
      if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
        System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(threads));
      }
    });
    LOG.info("allocator: {}", NativeAllocator.fixThresholds());
    instanceId = config.instanceId().orElseGet(CompressionExecutor::defaultInstanceId);
    starter = new Thread(this::startWorkers, "executor-start");
    starter.setDaemon(true);
    starter.start();
  }

  private void startWorkers() {
    while (!stopping && ledger == null) {
      try {
        ResultLedger loaded = new ResultLedger(kafkaConfig, Topics.CANDIDATE_RESULTS.name(), instanceId + "-ledger");
        loaded.catchUp(config.ledgerCatchUpTimeout());
        ledger = loaded;
        startupError = null;
      } catch (RuntimeException e) {
        startupError = "result ledger: " + e.getMessage();
        LOG.warn("cannot load the result ledger yet ({}); retrying in {}", e.getMessage(), config.retryBackoff());
        try {
          Thread.sleep(config.retryBackoff().toMillis());
        } catch (InterruptedException interrupted) {
          return;
        }
      }
    }
    synchronized (workers) {
      for (int i = 0; i < config.workers() && !stopping; i++) {
        String workerId = instanceId + "-w" + i;
        // unique per instance and worker, stable across restarts of an instance with a configured instance id
        String transactionalId = config.groupId() + "-" + workerId;
        Worker worker = new Worker(workerId, transactionalId, kafkaConfig, config, Topics.CANDIDATE_REQUESTS.name(),
            Topics.CANDIDATE_RESULTS.name(), ledger, evaluator::evaluate, metrics, Clock.systemUTC());
        Thread thread = new Thread(worker, workerId);
        thread.setDaemon(true);
        workers.add(worker);
        thread.start();
      }
    }
    LOG.info("compression executor {} started {} worker(s) in group {}", instanceId, config.workers(),
        config.groupId());
  }

  void onStop(@Observes ShutdownEvent event) {
    stopping = true;
    if (starter != null) {
      starter.interrupt();
    }
    long deadline = System.nanoTime() + config.shutdownGrace().toNanos();
    List<Worker> running;
    synchronized (workers) {
      running = List.copyOf(workers);
    }
    running.forEach(w -> w.requestStop(deadline));
    for (Worker worker : running) {
      try {
        // grace for the evaluation, plus time to commit and to leave the group
        if (!worker.awaitStopped(config.shutdownGrace().plus(Duration.ofSeconds(15)))) {
          LOG.warn("worker {} did not stop in time", worker.workerId());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    ResultLedger current = ledger;
    if (current != null) {
      current.close();
    }
  }

  /** The workers now (empty until the ledger has loaded). */
  public List<Worker> workers() {
    synchronized (workers) {
      return List.copyOf(workers);
    }
  }

  public boolean ledgerReady() {
    ResultLedger current = ledger;
    return current != null && current.ready();
  }

  public String startupError() {
    return startupError;
  }

  public String instanceId() {
    return instanceId;
  }

  public int configuredWorkers() {
    return config.workers();
  }

  public Duration stallTimeout() {
    return config.stallTimeout();
  }

  private static String defaultInstanceId() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      host = "executor";
    }
    return host + "-" + ProcessHandle.current().pid();
  }
}
