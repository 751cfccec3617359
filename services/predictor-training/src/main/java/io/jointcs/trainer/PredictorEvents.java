package io.jointcs.trainer;

import io.jointcs.events.LatencyPredictor;
import io.jointcs.events.PredictorKind;
import io.jointcs.events.PredictorMetrics;
import io.jointcs.latency.prediction.AccuracyMetrics;
import io.jointcs.latency.prediction.FeatureSetId;
import io.jointcs.latency.prediction.PredictorCodec;
import io.jointcs.latency.prediction.TrainedPredictor;
import io.jointcs.latency.prediction.ValidationMetrics;
import java.nio.ByteBuffer;
import java.time.Instant;

/** A trained predictor as the LatencyPredictor event of jointcs.predictors. */
final class PredictorEvents {
  private PredictorEvents() {}

  /**
   * @param wholeModels the candidate's accuracy on held-out whole models, heads and tails (null: none were measured)
   * @param trainingModelSamples model measurements the invocation overhead was fitted on
   */
  static LatencyPredictor toEvent(TrainedPredictor trained, AccuracyMetrics wholeModels, int trainingModelSamples,
      boolean emulated, Instant createdAt) {
    FeatureSetId fs = trained.predictor().featureSet().id();
    ValidationMetrics m = trained.metrics();
    return LatencyPredictor.newBuilder()
        .setDeviceClass(trained.predictor().deviceClass())
        .setEmulated(emulated)
        .setVersion(trained.version())
        .setKind(kindOf(trained.predictor().kind()))
        .setFeatureSetName(fs.name())
        .setFeatureSetVersion(fs.version())
        .setModelBytes(ByteBuffer.wrap(PredictorCodec.encode(trained)))
        .setMetrics(PredictorMetrics.newBuilder()
            .setRmseMs(m.rmseMs())
            .setMape(m.mape())
            .setWithin5Pct(m.within5Pct())
            .setWithin10Pct(m.within10Pct())
            .setTrainingSampleCount(m.trainingSampleCount())
            .setValidationSampleCount(m.validationSampleCount())
            .build())
        .setCreatedAtEpochMs(createdAt.toEpochMilli())
        .setWholeModelMetrics(wholeModels == null || wholeModels.count() == 0 ? null : PredictorMetrics.newBuilder()
            .setRmseMs(wholeModels.rmseMs())
            .setMape(wholeModels.mape())
            .setWithin5Pct(wholeModels.within5Pct())
            .setWithin10Pct(wholeModels.within10Pct())
            .setTrainingSampleCount(trainingModelSamples)
            .setValidationSampleCount(wholeModels.count())
            .build())
        .build();
  }

  /** The event's model family; ADAPTED has no symbol of its own (modelBytes says what it is). */
  static PredictorKind kindOf(io.jointcs.latency.prediction.PredictorKind kind) {
    return switch (kind) {
      case LOOKUP_TABLE -> PredictorKind.LOOKUP_TABLE;
      case LINEAR_REGRESSION -> PredictorKind.LINEAR_REGRESSION;
      case GRADIENT_BOOSTED_TREES -> PredictorKind.GRADIENT_BOOSTED_TREES;
      case RANDOM_FOREST -> PredictorKind.RANDOM_FOREST;
      case ADAPTED -> PredictorKind.OTHER;
    };
  }
}
