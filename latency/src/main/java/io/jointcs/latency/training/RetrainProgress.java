package io.jointcs.latency.training;

import java.time.Instant;

/**
 * Where a device class stands since its last retraining attempt: the debounce state of {@link RetrainPolicy}.
 * New data is told by time, not by arrival order, so a replay of the training topic after a restart (old samples
 * arriving again) never counts as new data.
 *
 * @param watermarkEpochMs training samples validated after it are new (epoch ms, the platform's validation clock)
 * @param lastAttempt when the last attempt started; null when there was none
 */
public record RetrainProgress(long watermarkEpochMs, Instant lastAttempt) {

  /** A class never trained: every sample is new. */
  public static final RetrainProgress NONE = new RetrainProgress(Long.MIN_VALUE, null);

  /**
   * The progress of a class whose current predictor was made at {@code predictorCreatedAt} by an earlier run: the
   * samples validated after it are new and its creation counts as the last attempt, so a restart that replays the
   * same data neither retrains at once nor republishes. (Mixes the trainer's clock with the validation clock once;
   * skew between them shifts what counts as new by the skew.)
   */
  public static RetrainProgress resumedFrom(Instant predictorCreatedAt) {
    return new RetrainProgress(predictorCreatedAt.toEpochMilli(), predictorCreatedAt);
  }

  /** An attempt started {@code now} on a snapshot whose newest training sample was validated at the watermark. */
  public static RetrainProgress attempted(TrainingSnapshot snapshot, Instant now) {
    return new RetrainProgress(snapshot.newestValidatedAtEpochMs(), now);
  }
}
