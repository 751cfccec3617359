package io.jointcs.latency.training;

import java.time.Duration;
import java.time.Instant;

/**
 * When to retrain the predictor of a device class: debounced by data (at least {@code minNewSamples} training
 * samples since the last attempt) and by time (at most one attempt per {@code minInterval}), and only once there
 * is enough data to train and to judge at all.
 *
 * @param minNewSamples new training samples since the last attempt that justify another one
 * @param minInterval least time between two attempts of one class
 * @param minFirstTrainingSamples training samples a class needs before its first predictor is trained
 * @param minHoldoutSamples held-out samples needed to judge a candidate
 */
public record RetrainPolicy(int minNewSamples, Duration minInterval, int minFirstTrainingSamples,
    int minHoldoutSamples) {

  public RetrainPolicy {
    if (minNewSamples < 1) {
      throw new IllegalArgumentException("min new samples must be >= 1, got " + minNewSamples);
    }
    if (minInterval == null || minInterval.isNegative()) {
      throw new IllegalArgumentException("min interval must be >= 0, got " + minInterval);
    }
    if (minFirstTrainingSamples < 2 || minHoldoutSamples < 1) {
      throw new IllegalArgumentException("a first predictor needs >= 2 training and >= 1 held-out samples, got "
          + minFirstTrainingSamples + " and " + minHoldoutSamples);
    }
  }

  /** What to do about one class now. */
  public enum Action { RETRAIN, WAIT_FOR_SAMPLES, WAIT_FOR_INTERVAL }

  /**
   * @param notBefore for WAIT_FOR_INTERVAL, when the class may retrain; otherwise null
   */
  public record Decision(Action action, Instant notBefore, String reason) {
    public boolean retrain() {
      return action == Action.RETRAIN;
    }
  }

  /**
   * @param hasCurrent whether the class already has a predictor (a first one needs {@code minFirstTrainingSamples})
   */
  public Decision decide(RetrainProgress progress, ClassTrainingSet set, boolean hasCurrent, Instant now) {
    return decide(progress.lastAttempt(), set.trainingSamplesValidatedAfter(progress.watermarkEpochMs()),
        set.trainingSize(), set.holdoutSize(), hasCurrent, now);
  }

  /**
   * @param lastAttempt when the last attempt started, null when none
   * @param fresh training samples validated since the last attempt's data
   */
  public Decision decide(Instant lastAttempt, long fresh, int trainingSize, int holdoutSize, boolean hasCurrent,
      Instant now) {
    if (fresh < minNewSamples) {
      return new Decision(Action.WAIT_FOR_SAMPLES, null,
          fresh + " new training samples since the last attempt, " + minNewSamples + " needed");
    }
    if (!hasCurrent && trainingSize < minFirstTrainingSamples) {
      return new Decision(Action.WAIT_FOR_SAMPLES, null,
          trainingSize + " training samples, a first predictor needs " + minFirstTrainingSamples);
    }
    if (holdoutSize < minHoldoutSamples) {
      return new Decision(Action.WAIT_FOR_SAMPLES, null,
          holdoutSize + " held-out samples, judging a candidate needs " + minHoldoutSamples);
    }
    if (lastAttempt != null) {
      Instant earliest = lastAttempt.plus(minInterval);
      if (now.isBefore(earliest)) {
        return new Decision(Action.WAIT_FOR_INTERVAL, earliest,
            "last attempt at " + lastAttempt + ", next one not before " + earliest);
      }
    }
    return new Decision(Action.RETRAIN, null, fresh + " new training samples");
  }
}
