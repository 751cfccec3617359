package io.jointcs.latency.training;

import io.jointcs.latency.prediction.LayerLatencySample;
import java.util.List;

/**
 * The data of one retraining, copied out of a {@link ClassTrainingSet}.
 *
 * @param training samples the candidate is trained on (oldest first)
 * @param holdout the recent held-out samples candidate and current predictor are both judged on
 * @param trainingArrivals training samples ever added to the set (a monotonic count, evictions included)
 * @param newestValidatedAtEpochMs latest validation time among the training samples (epoch ms; Long.MIN_VALUE
 *     when there are none)
 * @param emulated whether any sample came from an emulated device
 */
public record TrainingSnapshot(String deviceClass, List<LayerLatencySample> training,
    List<LayerLatencySample> holdout, long trainingArrivals, long newestValidatedAtEpochMs, boolean emulated) {
  public TrainingSnapshot {
    training = List.copyOf(training);
    holdout = List.copyOf(holdout);
  }
}
