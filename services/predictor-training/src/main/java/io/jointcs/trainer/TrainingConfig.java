package io.jointcs.trainer;

import io.jointcs.latency.prediction.PredictorKind;
import io.jointcs.latency.training.AcceptanceRule;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** {@code jointcs.training.*}: when to retrain, what to train, and what may replace the current predictor. */
@ConfigMapping(prefix = "jointcs.training")
public interface TrainingConfig {

  /** Model family trained for every class. */
  @WithDefault("GRADIENT_BOOSTED_TREES")
  PredictorKind kind();

  /** New training samples of a class since its last attempt that justify another one. Unit: samples. */
  @WithDefault("200")
  int minNewSamples();

  /** Least time between two attempts of one class. */
  @WithDefault("60s")
  Duration minInterval();

  /** Training samples a class needs before its first predictor. Unit: samples. */
  @WithDefault("200")
  int minFirstTrainingSamples();

  /** Held-out samples needed to judge a candidate. Unit: samples. */
  @WithDefault("30")
  int minHoldoutSamples();

  /** Share of samples (by sample id) that are never trained on and judge every version. Unit: ratio 0..1. */
  @WithDefault("0.2")
  double holdoutFraction();

  /** Most recent training samples kept per class. Unit: samples. */
  @WithDefault("50000")
  int maxTrainingSamples();

  /** Most recent held-out samples kept per class: the hold-out a retraining is judged on. Unit: samples. */
  @WithDefault("2000")
  int maxHoldoutSamples();

  /**
   * Most recent whole-model, head and tail measurements kept per class, in training and in hold-out each (whole
   * models are held out by model spec, with {@link #holdoutFraction()}). Unit: samples.
   */
  @WithDefault("5000")
  int maxModelSamples();

  /** Metric of the not-worse comparison. */
  @WithDefault("MAPE")
  AcceptanceRule.Metric acceptanceMetric();

  /** How much worse, in the metric's units, still counts as not worse. Unit: metric units (0 = strict). */
  @WithDefault("0")
  double acceptanceTolerance();

  /** How often classes are checked against the retraining policy. */
  @WithDefault("1s")
  Duration checkInterval();

  /** Longest wait for the broker to acknowledge a published predictor; above the producer's delivery timeout. */
  @WithDefault("75s")
  Duration publishTimeout();
}
