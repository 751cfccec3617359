package io.jointcs.trainer;

/** The messaging channels of the service (their topics come from {@link CatalogueTopicsConfigSource}). */
final class Channels {
  /** in: jointcs.profiling.samples, the training data */
  static final String SAMPLES = "profiling-samples";
  /** in: jointcs.profiling.model-samples, whole models, heads and tails for the invocation overhead */
  static final String MODEL_SAMPLES = "profiling-model-samples";
  /** out: jointcs.predictors, accepted predictor versions */
  static final String PREDICTORS = "predictors";
  /** rebalance listener of the samples channel: replays assigned partitions from their beginning */
  static final String SAMPLES_REBALANCE = "predictor-training-samples-rebalance";

  private Channels() {}
}
