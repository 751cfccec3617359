package io.jointcs.latency.prediction;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The baseline: per layer group, latency = a + b * MACs + c * bytes (input + output), fitted by ordinary least
 * squares. Groups with fewer than {@link #MIN_GROUP_SAMPLES} samples, and groups never seen (flagged), use the fit
 * over all samples.
 */
public final class MacsLinearPredictor implements LatencyPredictor {
  public static final int MIN_GROUP_SAMPLES = 3;

  /**
   * One fitted law.
   *
   * @param minLatencyMs smallest latency in its training data: what a non-positive linear prediction is raised to
   */
  public record Coefficients(double interceptMs, double msPerMac, double msPerByte, double minLatencyMs,
      int sampleCount) {
    double apply(LayerFeatures f) {
      return interceptMs + msPerMac * f.macs() + msPerByte * (f.inputBytes() + f.outputBytes());
    }
  }

  /** Everything the predictor is, as serialized. */
  public record State(String deviceClass, Map<String, Coefficients> groups, Coefficients pooled,
      TrainingDomain domain, InvocationOverhead overhead) {}

  private final State state;

  public MacsLinearPredictor(State state) {
    this.state = new State(state.deviceClass(), Map.copyOf(state.groups()), state.pooled(), state.domain(),
        state.overhead());
  }

  public static MacsLinearPredictor train(List<LayerLatencySample> samples, double extrapolationMargin) {
    String device = SampleSets.deviceClassOf(samples);
    Map<String, Coefficients> groups = new LinkedHashMap<>();
    SampleSets.byGroup(samples).forEach((key, list) -> {
      if (list.size() >= MIN_GROUP_SAMPLES) {
        groups.put(key, fit(list));
      }
    });
    return new MacsLinearPredictor(new State(device, groups, fit(samples),
        TrainingDomain.of(samples, extrapolationMargin), InvocationOverhead.NONE));
  }

  static Coefficients fit(List<LayerLatencySample> samples) {
    double[][] x = new double[samples.size()][];
    double[] y = new double[samples.size()];
    double min = Double.POSITIVE_INFINITY;
    for (int i = 0; i < y.length; i++) {
      LayerFeatures f = samples.get(i).features();
      x[i] = FeatureSets.MACS_BYTES.extract(f);
      y[i] = samples.get(i).latencyMs();
      min = Math.min(min, y[i]);
    }
    double[] w = LeastSquares.fit(x, y, null);
    return new Coefficients(w[0], w[1], w[2], min, y.length);
  }

  public State state() {
    return state;
  }

  /** The law used for a group (the pooled law when the group had too few samples or none). */
  public Coefficients coefficients(String groupKey) {
    return state.groups().getOrDefault(groupKey, state.pooled());
  }

  @Override
  public String deviceClass() {
    return state.deviceClass();
  }

  @Override
  public PredictorKind kind() {
    return PredictorKind.LINEAR_REGRESSION;
  }

  @Override
  public FeatureSet featureSet() {
    return FeatureSets.MACS_BYTES;
  }

  @Override
  public TrainingDomain domain() {
    return state.domain();
  }

  @Override
  public InvocationOverhead overhead() {
    return state.overhead();
  }

  @Override
  public MacsLinearPredictor withOverhead(InvocationOverhead overhead) {
    return new MacsLinearPredictor(new State(state.deviceClass(), state.groups(), state.pooled(), state.domain(),
        overhead));
  }

  @Override
  public Prediction predict(LayerFeatures layer) {
    String group = layer.groupIn(state.groups().keySet());
    Coefficients c = group == null ? state.pooled() : coefficients(group);
    double ms = c.apply(layer);
    Optional<String> violation = state.domain().violation(layer);
    String detail = violation.orElse("");
    if (ms <= 0) {
      // a linear law fitted mostly on large layers goes negative on tiny ones; report, don't hide it
      detail = (detail.isEmpty() ? "" : detail + "; ") + String.format(Locale.ROOT,
          "linear law gave %.4g ms, raised to the smallest latency seen for it (%.4g ms)", ms, c.minLatencyMs());
      ms = c.minLatencyMs();
    }
    return new Prediction(ms, violation.isPresent(), detail);
  }
}
