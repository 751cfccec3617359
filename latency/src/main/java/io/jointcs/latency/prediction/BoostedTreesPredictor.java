package io.jointcs.latency.prediction;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import ml.dmlc.xgboost4j.java.Booster;

/**
 * The learned predictor: per layer group, XGBoost trees (boosted or a forest) predicting log latency from the log
 * features of {@link BoostedTreesConfig#featureSet()}, on top of a log-linear prior. Groups with fewer than
 * {@code minGroupSamples} samples use the model pooled over all groups (which sees the kind as a feature); a group
 * never seen also uses it, flagged as extrapolated.
 */
public final class BoostedTreesPredictor implements LatencyPredictor {
  private static final int CACHE_LIMIT = 200_000;
  static final double PRIOR_RIDGE = 3.0;

  /**
   * One group's model.
   *
   * @param booster the XGBoost model in its UBJSON format
   * @param prior coefficients of the log-linear prior over {@link #priorFeatures}, null when not used
   */
  public record GroupModel(byte[] booster, double[] prior, int sampleCount) {}

  /** Everything the predictor is, as serialized. */
  public record State(String deviceClass, PredictorKind mode, FeatureSetId featureSet,
      Map<String, GroupModel> groups, GroupModel pooled, TrainingDomain domain, InvocationOverhead overhead) {}

  private final State state;
  private final FeatureSets featureSet;
  private final Map<String, Booster> boosters = new HashMap<>();
  private final Booster pooledBooster;
  /** the search asks about the same layers over and over; native calls cost tens of microseconds each */
  private final Map<LayerFeatures, Prediction> cache = new ConcurrentHashMap<>();

  public BoostedTreesPredictor(State state) {
    this.state = new State(state.deviceClass(), state.mode(), state.featureSet(), Map.copyOf(state.groups()),
        state.pooled(), state.domain(), state.overhead());
    this.featureSet = FeatureSets.require(state.featureSet());
    state.groups().forEach((key, model) -> boosters.put(key, load(model.booster())));
    this.pooledBooster = load(state.pooled().booster());
  }

  public static BoostedTreesPredictor train(List<LayerLatencySample> samples, BoostedTreesConfig config) {
    String device = SampleSets.deviceClassOf(samples);
    Map<String, GroupModel> groups = new LinkedHashMap<>();
    SampleSets.byGroup(samples).forEach((key, list) -> {
      if (list.size() >= config.minGroupSamples()) {
        groups.put(key, fitGroup(list, config));
      }
    });
    GroupModel pooled = fitGroup(samples, config);
    return new BoostedTreesPredictor(new State(device, config.mode(), config.featureSet().id(), groups, pooled,
        TrainingDomain.of(samples, config.extrapolationMargin()), InvocationOverhead.NONE));
  }

  private static GroupModel fitGroup(List<LayerLatencySample> samples, BoostedTreesConfig config) {
    int n = samples.size();
    int width = config.featureSet().featureNames().size();
    float[] x = new float[n * width];
    float[] y = new float[n];
    double[][] priorX = new double[n][];
    double[] logY = new double[n];
    for (int i = 0; i < n; i++) {
      LayerLatencySample s = samples.get(i);
      double[] v = config.featureSet().extract(s.features());
      for (int j = 0; j < width; j++) {
        x[i * width + j] = (float) v[j];
      }
      logY[i] = Math.log(s.latencyMs());
      y[i] = (float) logY[i];
      priorX[i] = priorFeatures(s.features());
    }
    // the ridge keeps the prior sane when a device class has only a handful of samples (unregularized, 10 samples
    // gave slopes that extrapolate to 100x errors)
    double[] prior = config.logLinearPrior() ? LeastSquares.fit(priorX, logY, null, PRIOR_RIDGE) : null;
    byte[] booster = XgbModels.train(x, n, width, y, prior == null ? null : margins(prior, priorX),
        config.xgboostParams(), config.rounds());
    return new GroupModel(booster, prior, n);
  }

  /** Inputs of the log-linear prior: log MACs, log bytes in and out, and the kind (for the pooled model). */
  static double[] priorFeatures(LayerFeatures f) {
    double[] v = new double[3 + LayerKind.values().length];
    v[0] = Math.log1p(f.macs());
    v[1] = Math.log(f.inputBytes());
    v[2] = Math.log(f.outputBytes());
    v[3 + f.kind().ordinal()] = 1;
    return v;
  }

  private static float[] margins(double[] prior, double[][] priorX) {
    float[] m = new float[priorX.length];
    for (int i = 0; i < m.length; i++) {
      double s = prior[0];
      for (int j = 0; j < priorX[i].length; j++) {
        s += prior[j + 1] * priorX[i][j];
      }
      m[i] = (float) s;
    }
    return m;
  }

  private static Booster load(byte[] bytes) {
    return XgbModels.load(bytes);
  }

  public State state() {
    return state;
  }

  @Override
  public String deviceClass() {
    return state.deviceClass();
  }

  @Override
  public PredictorKind kind() {
    return state.mode();
  }

  @Override
  public FeatureSet featureSet() {
    return featureSet;
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
  public BoostedTreesPredictor withOverhead(InvocationOverhead overhead) {
    return new BoostedTreesPredictor(new State(state.deviceClass(), state.mode(), state.featureSet(), state.groups(),
        state.pooled(), state.domain(), overhead));
  }

  @Override
  public Prediction predict(LayerFeatures layer) {
    return predictEach(List.of(layer)).get(0);
  }

  @Override
  public List<Prediction> predictEach(List<LayerFeatures> layers) {
    Prediction[] out = new Prediction[layers.size()];
    Map<String, List<Integer>> todo = new LinkedHashMap<>();
    for (int i = 0; i < out.length; i++) {
      LayerFeatures layer = layers.get(i);
      out[i] = cache.get(layer);
      if (out[i] == null) {
        String key = layer.groupIn(boosters.keySet());
        todo.computeIfAbsent(key == null ? "" : key, k -> new ArrayList<>()).add(i);
      }
    }
    todo.forEach((key, indexes) -> {
      boolean pooled = key.isEmpty();
      double[] logMs = run(pooled ? pooledBooster : boosters.get(key),
          pooled ? state.pooled() : state.groups().get(key), indexes.stream().map(layers::get).toList());
      for (int j = 0; j < indexes.size(); j++) {
        LayerFeatures layer = layers.get(indexes.get(j));
        Optional<String> violation = state.domain().violation(layer);
        Prediction p = new Prediction(Math.exp(logMs[j]), violation.isPresent(), violation.orElse(""));
        out[indexes.get(j)] = p;
        if (cache.size() >= CACHE_LIMIT) {
          cache.clear();
        }
        cache.put(layer, p);
      }
    });
    return List.of(out);
  }

  private double[] run(Booster booster, GroupModel model, List<LayerFeatures> layers) {
    int n = layers.size();
    int width = featureSet.featureNames().size();
    float[] x = new float[n * width];
    double[][] priorX = new double[n][];
    for (int i = 0; i < n; i++) {
      double[] v = featureSet.extract(layers.get(i));
      for (int j = 0; j < width; j++) {
        x[i * width + j] = (float) v[j];
      }
      priorX[i] = priorFeatures(layers.get(i));
    }
    return XgbModels.predict(booster, x, n, width, model.prior() == null ? null : margins(model.prior(), priorX));
  }
}
