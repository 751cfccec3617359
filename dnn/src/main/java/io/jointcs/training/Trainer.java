package io.jointcs.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import io.jointcs.data.BatchSampler;
import io.jointcs.data.LabeledImages;
import io.jointcs.model.Network;
import io.jointcs.progress.ProgressBar;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a {@link Network} with {@link NesterovSgd}, checkpointing as it goes. Shuffling and
 * augmentation are derived from (seed, epoch, step), so a run resumed from a checkpoint sees the
 * same batches it would have seen without the interruption.
 */
public final class Trainer {
  private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

  private final TrainingConfig config;
  private final Path checkpointDir;
  private final PrintStream progress;
  private final Duration maxWallTime;

  /**
   * @param checkpointDir where to checkpoint and resume from; null trains without checkpoints
   * @param progress where the progress bar goes; null for none
   * @param maxWallTime stop (after a checkpoint) once this much time has passed; null for no limit
   */
  public Trainer(TrainingConfig config, Path checkpointDir, PrintStream progress, Duration maxWallTime) {
    this.config = config;
    this.checkpointDir = checkpointDir;
    this.progress = progress;
    this.maxWallTime = maxWallTime;
  }

  /** Trains until the configured epochs are done or the wall-time limit is hit; returns the final state. */
  public TrainingState train(Network network, LabeledImages train, LabeledImages validation) throws IOException {
    int batchSize = Math.min(config.batchSize(), train.size());
    long stepsPerEpoch = Math.max(1, train.size() / batchSize);
    TrainingState state = resumeOrStart(network, train, stepsPerEpoch);
    for (Pair<String, Parameter> entry : network.parameters()) {
      if (entry.getValue().requiresGradient()) {
        entry.getValue().getArray().setRequiresGradient(true);
      }
    }
    try (NesterovSgd optimizer = new NesterovSgd(network.parameters(), config.momentum(), config.weightDecay(),
        network.manager())) {
      if (state.globalStep() > 0 && checkpointDir != null) {
        Checkpoints.restoreOptimizer(checkpointDir, state, optimizer);
        LOG.info("resumed {} at step {}/{} from {}", network.spec().architecture().id(), state.globalStep(),
            state.totalSteps(), checkpointDir);
      }
      return loop(network, train, validation, state, optimizer, batchSize);
    }
  }

  private TrainingState resumeOrStart(Network network, LabeledImages train, long stepsPerEpoch) throws IOException {
    Optional<TrainingState> saved = checkpointDir == null ? Optional.empty() : Checkpoints.readState(checkpointDir);
    if (saved.isEmpty()) {
      return new TrainingState(network.spec(), config, train.size(), stepsPerEpoch, 0, 0, 0, 0, 0, "", "", List.of());
    }
    TrainingState state = saved.get();
    if (!state.spec().equals(network.spec())) {
      throw new IllegalArgumentException("checkpoint in " + checkpointDir + " is for " + state.spec()
          + ", not " + network.spec());
    }
    if (!sameRecipe(state.config(), config) || state.trainImages() != train.size()) {
      throw new IllegalArgumentException("checkpoint in " + checkpointDir + " was trained with " + state.config()
          + " on " + state.trainImages() + " images; resuming needs the same recipe and data (asked: " + config
          + " on " + train.size() + " images)");
    }
    Checkpoints.restore(checkpointDir, state, network);
    return state;
  }

  private static boolean sameRecipe(TrainingConfig a, TrainingConfig b) {
    return a.epochs() == b.epochs() && a.batchSize() == b.batchSize() && a.peakLearningRate() == b.peakLearningRate()
        && a.momentum() == b.momentum() && a.weightDecay() == b.weightDecay()
        && a.labelSmoothing() == b.labelSmoothing() && a.schedule() == b.schedule() && a.augment() == b.augment()
        && a.seed() == b.seed();
  }

  private TrainingState loop(Network network, LabeledImages train, LabeledImages validation, TrainingState start,
      NesterovSgd optimizer, int batchSize) throws IOException {
    long stepsPerEpoch = start.stepsPerEpoch();
    long totalSteps = start.totalSteps();
    long runStartNanos = System.nanoTime();
    long segmentStartNanos = runStartNanos;
    long segmentImages = 0;
    long step = start.globalStep();
    double lossSum = start.epochLossSum();
    long correct = start.epochCorrect();
    long seen = start.epochSeen();
    List<TrainingState.EpochRecord> history = new ArrayList<>(start.history());
    ProgressBar bar = progress == null ? null
        : new ProgressBar("train " + network.spec().architecture().id(), totalSteps, progress).resumingAt(step);
    int[] permutation = null;
    long permutationEpoch = -1;
    double lr = 0;
    TrainingState state = start;
    while (step < totalSteps) {
      long epoch = step / stepsPerEpoch;
      if (permutationEpoch != epoch) {
        permutation = permutation(train.size(), config.seed(), epoch);
        permutationEpoch = epoch;
      }
      int[] indices = new int[batchSize];
      System.arraycopy(permutation, (int) ((step % stepsPerEpoch) * batchSize), indices, 0, batchSize);
      lr = config.schedule().rate(config.peakLearningRate(), step, totalSteps, stepsPerEpoch);
      Random augmentation = config.augment() ? new Random(mix(config.seed(), step)) : null;
      try (NDManager batch = network.manager().newSubManager()) {
        NDArray x = batch.create(BatchSampler.pixels(train, indices, augmentation),
            new Shape(batchSize, 3, LabeledImages.SIZE, LabeledImages.SIZE));
        NDArray y = batch.create(BatchSampler.labels(train, indices));
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
          NDArray logits = network.forward(x, true);
          NDArray loss = Losses.crossEntropy(logits, y, train.numClasses(), config.labelSmoothing());
          collector.backward(loss);
          lossSum += loss.getFloat() * batchSize;
          correct += logits.argMax(1).eq(y.toType(ai.djl.ndarray.types.DataType.INT64, false)).sum().getLong();
        }
        optimizer.step(lr);
      }
      seen += batchSize;
      segmentImages += batchSize;
      step++;
      double imagesPerSecond = segmentImages / Math.max(1e-9, (System.nanoTime() - segmentStartNanos) / 1e9);
      if (bar != null) {
        bar.update(step, String.format(Locale.ROOT, "epoch %d loss %.3f acc %.3f lr %.4f %.0f img/s", epoch + 1,
            lossSum / seen, (double) correct / seen, lr, imagesPerSecond));
      }
      boolean epochDone = step % stepsPerEpoch == 0;
      if (epochDone) {
        Double validationAccuracy = validation == null ? null
            : Evaluator.evaluate(network, validation, null).top1();
        history.add(new TrainingState.EpochRecord((int) (epoch + 1), lossSum / seen, (double) correct / seen,
            validationAccuracy, imagesPerSecond, lr));
        LOG.info("epoch {}/{}: loss {} train acc {} val acc {} ({} img/s)", epoch + 1, config.epochs(),
            fmt(lossSum / seen), fmt((double) correct / seen), validationAccuracy == null ? "-" : fmt(validationAccuracy),
            Math.round(imagesPerSecond));
        lossSum = 0;
        correct = 0;
        seen = 0;
        // throughput is reported per epoch, so a later epoch's figure excludes warm-up
        segmentStartNanos = System.nanoTime();
        segmentImages = 0;
      }
      boolean outOfTime = maxWallTime != null && System.nanoTime() - runStartNanos > maxWallTime.toNanos();
      boolean checkpointDue = epochDone || step == totalSteps || outOfTime
          || (config.checkpointEverySteps() > 0 && step % config.checkpointEverySteps() == 0);
      long elapsedMs = start.trainingMillis() + (System.nanoTime() - runStartNanos) / 1_000_000;
      state = new TrainingState(network.spec(), config, train.size(), stepsPerEpoch, step, lossSum, correct, seen,
          elapsedMs, state.weightsFile(), state.optimizerFile(), history);
      if (checkpointDue && checkpointDir != null) {
        Checkpoints.write(checkpointDir, state, network, optimizer);
        state = Checkpoints.readState(checkpointDir).orElseThrow();
      }
      if (outOfTime && step < totalSteps) {
        LOG.info("stopping at step {}/{}: wall-time limit {} reached; resume with the same command",
            step, totalSteps, maxWallTime);
        break;
      }
    }
    return state;
  }

  private static String fmt(double value) {
    return String.format(Locale.ROOT, "%.4f", value);
  }

  /** Fisher-Yates permutation of 0..n-1 seeded by (seed, epoch). */
  static int[] permutation(int n, long seed, long epoch) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    Random random = new Random(mix(seed, epoch) ^ 0x5DEECE66DL);
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  static long mix(long seed, long value) {
    long z = seed * 0x9E3779B97F4A7C15L + value;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
