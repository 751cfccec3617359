package io.jointcs.latency.prediction;

/**
 * Quality of a predictor on held-out samples, as shipped with the serialized predictor.
 *
 * @param rmseMs root mean squared error
 * @param mape mean absolute percentage error as a fraction
 * @param within5Pct share of held-out samples predicted within 5%
 * @param within10Pct share within 10%
 * @param trainingSampleCount samples the predictor was trained on
 * @param validationSampleCount held-out samples the metrics come from
 */
public record ValidationMetrics(double rmseMs, double mape, double within5Pct, double within10Pct,
    long trainingSampleCount, long validationSampleCount) {

  public static ValidationMetrics of(AccuracyMetrics held, long trainingSampleCount) {
    return new ValidationMetrics(held.rmseMs(), held.mape(), held.within5Pct(), held.within10Pct(),
        trainingSampleCount, held.count());
  }
}
