package io.jointcs.executor;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** {@code jointcs.executor.*} in application.properties; every entry can be overridden by environment. */
@ConfigMapping(prefix = "jointcs.executor")
public interface ExecutorConfig {

  /** Worker threads of this instance, each with its own consumer and transactional producer. Unit: threads. */
  @WithDefault("1")
  int workers();

  /** Consumer group of every instance: scaling out is starting more instances with the same group id. */
  @WithDefault("jointcs-compression-execution")
  String groupId();

  /**
   * Names this instance in results ({@code workerId}) and in its transactional ids. Default: host name and
   * process id. A stable value (e.g. a StatefulSet pod name) lets a restarted instance fence its predecessor's
   * unfinished transactions at once instead of after {@code transaction.timeout.ms}.
   */
  Optional<String> instanceId();

  /** Longest wait of one poll; also how often a busy worker checks for rebalances and shutdown. */
  @WithDefault("1s")
  Duration pollTimeout();

  /**
   * Consumer {@code max.poll.interval.ms}. Workers keep polling (paused) while they evaluate, so this bounds
   * one loop turn, not an evaluation.
   */
  @WithDefault("5m")
  Duration maxPollInterval();

  /** How long shutdown waits for a running evaluation to finish and commit; after it, the evaluation is abandoned. */
  @WithDefault("30s")
  Duration shutdownGrace();

  /** Wait after a worker failure (broker unreachable, fenced producer ...) before it reconnects. */
  @WithDefault("5s")
  Duration retryBackoff();

  /** A worker loop that has not turned for this long reports the service not alive. */
  @WithDefault("5m")
  Duration stallTimeout();

  /** Most time to read the results topic up to its end before a request is checked against it. */
  @WithDefault("60s")
  Duration ledgerCatchUpTimeout();

  /** PyTorch intra-op threads of the whole process (set before the engine starts); default: PyTorch's own. */
  Optional<Integer> intraOpThreads();

  /** How a candidate is evaluated (the same for every candidate, so accuracies compare). */
  Recipe recipe();

  /** The built-in {@code synthetic} dataset (tests and smoke runs). */
  Synthetic synthetic();

  interface Recipe {
    /** Filter ranking deciding which channels stay: {@code l1-gamma} (L1 norm scaled by batch-norm gamma) or {@code l1}. */
    @WithDefault("l1-gamma")
    String ranking();

    /** Batches of 64 training images that re-estimate batch-norm statistics after pruning (0 = none). Unit: batches. */
    @WithDefault("20")
    int recalibrationBatches();

    /** Size of the fixed, stratified validation subset accuracies are measured on (0 = the whole validation split). Unit: images. */
    @WithDefault("1000")
    int validationImages();
  }

  interface Synthetic {
    /** Classes of the synthetic dataset; must match the model's classes. Unit: count. */
    @WithDefault("10")
    int classes();

    /** Images per class (a tenth becomes the validation split). Unit: images. */
    @WithDefault("20")
    int imagesPerClass();
  }
}
