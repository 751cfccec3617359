package io.jointcs.latency.prediction;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a runtime adds to the sum of its layers' latencies (each timed alone, repeatedly) when it runs them as one
 * invocation:
 *
 * <pre>overheadMs = constantMs + perLayerMs * layers + sumFraction * layerSumMs
 *            + perParamMbMs * parameter MB + perOutputMbMs * activation MB written</pre>
 *
 * Every term is >= 0 (a model is never faster than its layers). On the phone GPUs the TFLite runtimes add 8-80% to
 * the operator sum (1 to 6 ms per model): the constant, per-layer and sum terms. On a CPU with DJL/PyTorch the gap
 * is memory (docs/latency-model.md): a layer timed alone again and again finds its weights in the cache and reuses
 * the same freshly freed output buffer, inside a model its weights were evicted by the other layers' and every
 * output is a new allocation kept until the pass ends; hence the byte terms. The byte terms are null in predictors
 * written before they existed and read as 0.
 */
public record InvocationOverhead(double constantMs, double perLayerMs, double sumFraction, Double perParamMbMs,
    Double perOutputMbMs) {
  public static final InvocationOverhead NONE = new InvocationOverhead(0, 0, 0);

  private static final double MB = 1 << 20;

  /** The terms a fit may use. */
  public enum Term {
    /** per invocation, ms */
    CONSTANT,
    /** per layer run, ms */
    PER_LAYER,
    /** share of the layer sum */
    LAYER_SUM,
    /** per MB of the layers' parameters (4 bytes each), ms */
    PARAM_MB,
    /** per MB of activations the layers write, ms */
    OUTPUT_MB;

    public static final Set<Term> PHONE = EnumSet.of(CONSTANT, PER_LAYER, LAYER_SUM);
    /** What measurement on a CPU shows (docs/latency-model.md): a per-layer cost and the memory terms. */
    public static final Set<Term> CPU = EnumSet.of(CONSTANT, PER_LAYER, PARAM_MB, OUTPUT_MB);
  }

  public InvocationOverhead {
    perParamMbMs = perParamMbMs == null ? 0.0 : perParamMbMs;
    perOutputMbMs = perOutputMbMs == null ? 0.0 : perOutputMbMs;
    for (double v : new double[] {constantMs, perLayerMs, sumFraction, perParamMbMs, perOutputMbMs}) {
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException("invocation overhead must be finite: " + this);
      }
    }
  }

  public InvocationOverhead(double constantMs, double perLayerMs, double sumFraction) {
    this(constantMs, perLayerMs, sumFraction, 0.0, 0.0);
  }

  /** Whether it has a term that needs the layers' byte counts. */
  public boolean usesBytes() {
    return perParamMbMs != 0 || perOutputMbMs != 0;
  }

  /** Whether every term is >= 0 (fits always are; a hand-made one may not be). */
  public boolean nonNegative() {
    return constantMs >= 0 && perLayerMs >= 0 && sumFraction >= 0 && perParamMbMs >= 0 && perOutputMbMs >= 0;
  }

  /**
   * Overhead of one invocation from counts only; an error for an overhead with byte terms (use
   * {@link #overheadMs(List, double)} or {@link #overheadMs(ModelLatencyObservation)}).
   */
  public double overheadMs(int layerCount, double layerSumMs) {
    if (usesBytes()) {
      throw new IllegalStateException("this invocation overhead has byte terms: give the layers, not only their count");
    }
    return overheadMs(layerCount, layerSumMs, 0, 0);
  }

  /** Overhead of running {@code layers}, whose predicted or measured latencies sum to {@code layerSumMs}. */
  public double overheadMs(List<LayerFeatures> layers, double layerSumMs) {
    long params = 0;
    long out = 0;
    for (LayerFeatures f : layers) {
      params += f.params() * LayerFeatures.ELEMENT_BYTES;
      out += f.outputBytes();
    }
    return overheadMs(layers.size(), layerSumMs, params, out);
  }

  /** Overhead of the invocation an observation describes, from its measured layer sum. */
  public double overheadMs(ModelLatencyObservation o) {
    return overheadMs(o.layerCount(), o.layerSumMs(), o.paramBytes(), o.outputBytes());
  }

  private double overheadMs(int layerCount, double layerSumMs, long paramBytes, long outputBytes) {
    if (layerCount == 0) {
      return 0; // nothing runs, nothing to pay
    }
    return constantMs + perLayerMs * layerCount + sumFraction * layerSumMs + perParamMbMs * paramBytes / MB
        + perOutputMbMs * outputBytes / MB;
  }

  /** The original fit (constant, per layer, share of the sum), now constrained to non-negative terms. */
  public static InvocationOverhead fit(List<ModelLatencyObservation> observations) {
    return fit(observations, Term.PHONE);
  }

  /**
   * Non-negative least squares of (measured - layer sum) on the chosen terms, rows weighted by 1 / measured^2 so that
   * the relative error counts (a one-block head weighs as much as a whole model). Fit it on training models only: its
   * error on held-out models is what a predictor with it is worth.
   *
   * @throws IllegalArgumentException with fewer observations than terms (and fewer than 3), or byte terms asked
   *     of observations without byte counts
   */
  public static InvocationOverhead fit(List<ModelLatencyObservation> observations, Set<Term> terms) {
    if (terms.isEmpty()) {
      throw new IllegalArgumentException("no overhead terms to fit");
    }
    if (observations.size() < Math.max(3, terms.size())) {
      throw new IllegalArgumentException("fitting the invocation overhead on " + terms.size() + " terms needs at least "
          + Math.max(3, terms.size()) + " whole-model measurements, got " + observations.size());
    }
    if ((terms.contains(Term.PARAM_MB) || terms.contains(Term.OUTPUT_MB))
        && observations.stream().anyMatch(o -> o.outputBytes() == 0)) {
      throw new IllegalArgumentException("byte terms need observations with byte counts");
    }
    List<Term> order = List.copyOf(EnumSet.copyOf(terms));
    double[][] x = new double[observations.size()][order.size()];
    double[] y = new double[observations.size()];
    double[] w = new double[observations.size()];
    for (int i = 0; i < y.length; i++) {
      ModelLatencyObservation o = observations.get(i);
      for (int j = 0; j < order.size(); j++) {
        x[i][j] = switch (order.get(j)) {
          case CONSTANT -> 1;
          case PER_LAYER -> o.layerCount();
          case LAYER_SUM -> o.layerSumMs();
          case PARAM_MB -> o.paramBytes() / MB;
          case OUTPUT_MB -> o.outputBytes() / MB;
        };
      }
      y[i] = o.latencyMs() - o.layerSumMs();
      w[i] = 1 / (o.latencyMs() * o.latencyMs());
    }
    double[] c = NonNegativeLeastSquares.fit(x, y, w);
    double[] t = new double[Term.values().length];
    for (int j = 0; j < order.size(); j++) {
      t[order.get(j).ordinal()] = c[j];
    }
    return new InvocationOverhead(t[0], t[1], t[2], t[3], t[4]);
  }

  /** In words, for reports. */
  public String describe() {
    return String.format(Locale.ROOT, "%.3f ms + %.4f ms/layer + %.1f%% of the sum + %.3f ms/MB params + %.3f ms/MB "
        + "activations", constantMs, perLayerMs, 100 * sumFraction, perParamMbMs, perOutputMbMs);
  }
}
