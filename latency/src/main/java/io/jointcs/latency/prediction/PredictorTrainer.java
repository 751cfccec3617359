package io.jointcs.latency.prediction;

import java.util.List;

/** Trains any predictor kind from samples of one device class, and validates it on held-out models. */
public final class PredictorTrainer {

  /**
   * @param validationFraction share of models held out to compute the metrics
   * @param extrapolationMargin factor beyond the observed ranges that counts as extrapolation
   * @param trees configuration of the learned predictors
   */
  public record Options(double validationFraction, long seed, double extrapolationMargin, BoostedTreesConfig trees) {
    public static Options defaults() {
      return new Options(0.2, 42, TrainingDomain.DEFAULT_MARGIN, BoostedTreesConfig.gradientBoosted());
    }
  }

  private PredictorTrainer() {}

  /** A predictor of {@code kind} trained on all {@code samples}. */
  public static LatencyPredictor fit(PredictorKind kind, List<LayerLatencySample> samples, Options options) {
    return switch (kind) {
      case LINEAR_REGRESSION -> MacsLinearPredictor.train(samples, options.extrapolationMargin());
      case LOOKUP_TABLE -> LookupTablePredictor.train(samples, options.extrapolationMargin());
      case GRADIENT_BOOSTED_TREES -> BoostedTreesPredictor.train(samples, options.trees());
      case RANDOM_FOREST -> BoostedTreesPredictor.train(samples, BoostedTreesConfig.randomForest()
          .withFeatureSet(options.trees().featureSet()).withSeed(options.trees().seed()));
      case ADAPTED -> throw new IllegalArgumentException("an adapted predictor is made with AdaptedPredictor.adapt "
          + "from a base predictor, not trained from scratch");
    };
  }

  /**
   * Trains on the models not held out and measures on the held-out ones; the returned predictor is the one the
   * metrics describe (trained without the held-out models).
   */
  public static TrainedPredictor trainAndValidate(PredictorKind kind, List<LayerLatencySample> samples,
      Options options, long version) {
    HoldOutSplit split = HoldOutSplit.byModel(samples, options.validationFraction(), options.seed());
    LatencyPredictor predictor = fit(kind, split.training(), options);
    AccuracyMetrics held = evaluate(predictor, split.validation());
    return new TrainedPredictor(predictor, version, ValidationMetrics.of(held, split.training().size()));
  }

  /** Accuracy of {@code predictor} on {@code samples}, layer by layer. */
  public static AccuracyMetrics evaluate(LatencyPredictor predictor, List<LayerLatencySample> samples) {
    List<Prediction> predicted = predictor.predictEach(samples.stream().map(LayerLatencySample::features).toList());
    double[] measured = new double[samples.size()];
    double[] guessed = new double[samples.size()];
    for (int i = 0; i < measured.length; i++) {
      measured[i] = samples.get(i).latencyMs();
      guessed[i] = predicted.get(i).latencyMs();
    }
    return AccuracyMetrics.of(measured, guessed);
  }
}
