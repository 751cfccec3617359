package io.jointcs.latency.training;

import java.util.List;

/**
 * The model measurements of one retraining, copied out of a {@link ModelSampleSet}.
 *
 * @param training measurements of training models: the invocation overhead is fitted on them
 * @param holdout measurements of held-out models: candidate and current are both judged on them end to end
 */
public record ModelSnapshot(List<ModelMeasurement> training, List<ModelMeasurement> holdout) {
  public static final ModelSnapshot NONE = new ModelSnapshot(List.of(), List.of());

  public ModelSnapshot {
    training = List.copyOf(training);
    holdout = List.copyOf(holdout);
  }

  /** Distinct models among the training measurements. */
  public long trainingModels() {
    return training.stream().map(ModelMeasurement::modelName).distinct().count();
  }
}
