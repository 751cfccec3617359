package io.jointcs.latency.prediction;

import java.util.List;

/**
 * What a runtime adds to the sum of its layers' latencies when it runs them as one model (dispatch, memory
 * transfers between kernels, synchronisation): overheadMs = constantMs + perLayerMs * layers + sumFraction *
 * layerSumMs. Measured on the phone dataset, the TFLite GPU runtimes add 8-80% to the operator sum (1 to 6 ms
 * per model), so whole-model and head/tail predictions add it once per invocation.
 */
public record InvocationOverhead(double constantMs, double perLayerMs, double sumFraction) {
  public static final InvocationOverhead NONE = new InvocationOverhead(0, 0, 0);

  public InvocationOverhead {
    if (!Double.isFinite(constantMs) || !Double.isFinite(perLayerMs) || !Double.isFinite(sumFraction)) {
      throw new IllegalArgumentException("invocation overhead must be finite: " + constantMs + ", " + perLayerMs
          + ", " + sumFraction);
    }
  }

  /** Overhead of one invocation running {@code layerCount} layers whose latencies sum to {@code layerSumMs}. */
  public double overheadMs(int layerCount, double layerSumMs) {
    if (layerCount == 0) {
      return 0; // nothing runs, nothing to pay
    }
    return constantMs + perLayerMs * layerCount + sumFraction * layerSumMs;
  }

  /** Least-squares fit of (measured - layer sum) on [1, layers, layer sum]; needs at least 3 observations. */
  public static InvocationOverhead fit(List<ModelLatencyObservation> observations) {
    if (observations.size() < 3) {
      throw new IllegalArgumentException("fitting the invocation overhead needs at least 3 whole-model "
          + "measurements, got " + observations.size());
    }
    double[][] x = new double[observations.size()][];
    double[] y = new double[observations.size()];
    for (int i = 0; i < y.length; i++) {
      ModelLatencyObservation o = observations.get(i);
      x[i] = new double[] {o.layerCount(), o.layerSumMs()};
      y[i] = o.latencyMs() - o.layerSumMs();
    }
    double[] w = LeastSquares.fit(x, y, null);
    return new InvocationOverhead(w[0], w[1], w[2]);
  }
}
