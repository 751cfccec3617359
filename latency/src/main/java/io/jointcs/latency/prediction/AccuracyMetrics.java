package io.jointcs.latency.prediction;

/**
 * How close predicted latencies are to measured ones.
 *
 * @param count compared pairs
 * @param rmseMs root mean squared error
 * @param mape mean absolute percentage error as a fraction (0.05 = 5%)
 * @param within5Pct share of predictions within 5% of the measurement (0..1)
 * @param within10Pct share within 10%
 */
public record AccuracyMetrics(int count, double rmseMs, double mape, double within5Pct, double within10Pct) {

  public static AccuracyMetrics of(double[] measuredMs, double[] predictedMs) {
    if (measuredMs.length != predictedMs.length) {
      throw new IllegalArgumentException("measured and predicted differ in length: " + measuredMs.length + " vs "
          + predictedMs.length);
    }
    int n = measuredMs.length;
    if (n == 0) {
      throw new IllegalArgumentException("accuracy metrics need at least one measurement");
    }
    double se = 0;
    double ape = 0;
    int in5 = 0;
    int in10 = 0;
    for (int i = 0; i < n; i++) {
      if (!(measuredMs[i] > 0) || !Double.isFinite(measuredMs[i])) {
        throw new IllegalArgumentException("measured latency #" + i + " must be finite and > 0, got " + measuredMs[i]);
      }
      double err = predictedMs[i] - measuredMs[i];
      double rel = Math.abs(err) / measuredMs[i];
      se += err * err;
      ape += rel;
      in5 += rel <= 0.05 ? 1 : 0;
      in10 += rel <= 0.10 ? 1 : 0;
    }
    return new AccuracyMetrics(n, Math.sqrt(se / n), ape / n, (double) in5 / n, (double) in10 / n);
  }
}
