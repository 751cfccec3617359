package io.jointcs.latency.prediction;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;

/**
 * ln y = offset + slope * ln p + groupOffsets[group] (+ residual trees), with p the base predictor's latency.
 * Fitted on few samples, so the slope is pulled towards 1 by a ridge term, group offsets are shrunk towards 0 by
 * pseudo-counts, and the residual trees are shallow with strong L2 regularization: with ten samples the correction
 * is essentially one scale factor, with fifty or more it can bend.
 *
 * @param residualTrees XGBoost model (UBJSON) over {@link #treeFeatures}, or null
 * @param sampleCount samples it was fitted on
 */
public record LogSpaceCorrection(CorrectionMode mode, double offset, double slope, Map<String, Double> groupOffsets,
    byte[] residualTrees, int sampleCount) {

  /** ridge on (slope - 1), in units of summed squared log-latency deviations */
  static final double SLOPE_RIDGE = 2.0;
  /** pseudo-samples pulling a group's offset towards the global correction */
  static final double GROUP_PSEUDO_COUNT = 3.0;
  static final FeatureSets TREE_FEATURES = FeatureSets.LAYER_LOG_GPU;

  public LogSpaceCorrection {
    groupOffsets = Map.copyOf(groupOffsets);
  }

  /** ln of the corrected latency before the residual trees. */
  public double linearLog(String groupKey, double baseMs) {
    return offset + slope * Math.log(baseMs) + groupOffsets.getOrDefault(groupKey, 0.0);
  }

  /** Fits the correction of {@code base} on {@code samples} of the target device class. */
  public static LogSpaceCorrection fit(LatencyPredictor base, List<LayerLatencySample> samples,
      CorrectionMode mode) {
    return fit(base.predictEach(samples.stream().map(LayerLatencySample::features).toList()), samples, mode);
  }

  /** Fits the correction of the base predictions {@code predicted}, one per sample, on the samples' latencies. */
  public static LogSpaceCorrection fit(List<Prediction> predicted, List<LayerLatencySample> samples,
      CorrectionMode mode) {
    if (samples.isEmpty()) {
      throw new IllegalArgumentException("adaptation needs at least one sample of the target device class");
    }
    if (predicted.size() != samples.size()) {
      throw new IllegalArgumentException(predicted.size() + " base predictions for " + samples.size() + " samples");
    }
    int n = samples.size();
    double[] x = new double[n];
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = Math.log(predicted.get(i).latencyMs());
      d[i] = Math.log(samples.get(i).latencyMs()) - x[i];
    }
    double xMean = mean(x);
    double dMean = mean(d);
    double gamma = 0;
    if (mode.slope()) {
      double sxy = 0;
      double sxx = 0;
      for (int i = 0; i < n; i++) {
        sxy += (x[i] - xMean) * (d[i] - dMean);
        sxx += (x[i] - xMean) * (x[i] - xMean);
      }
      gamma = sxy / (sxx + SLOPE_RIDGE);
    }
    double alpha = dMean - gamma * xMean;
    Map<String, Double> groups = new HashMap<>();
    if (mode.perGroup()) {
      Map<String, double[]> sums = new HashMap<>();
      for (int i = 0; i < n; i++) {
        double[] s = sums.computeIfAbsent(samples.get(i).features().groupKey(), k -> new double[2]);
        s[0] += d[i] - alpha - gamma * x[i];
        s[1] += 1;
      }
      sums.forEach((key, s) -> groups.put(key, s[0] / (s[1] + GROUP_PSEUDO_COUNT)));
    }
    LogSpaceCorrection linear = new LogSpaceCorrection(mode, alpha, 1 + gamma, groups, null, n);
    if (!mode.trees()) {
      return linear;
    }
    int width = TREE_FEATURES.featureNames().size() + 1;
    float[] rows = new float[n * width];
    float[] labels = new float[n];
    float[] margins = new float[n];
    for (int i = 0; i < n; i++) {
      LayerLatencySample s = samples.get(i);
      double baseMs = predicted.get(i).latencyMs();
      System.arraycopy(treeRow(s.features(), baseMs), 0, rows, i * width, width);
      labels[i] = (float) Math.log(s.latencyMs());
      margins[i] = (float) linear.linearLog(s.features().groupKey(), baseMs);
    }
    byte[] trees = XgbModels.train(rows, n, width, labels, margins, treeParams(), TREE_ROUNDS);
    return new LogSpaceCorrection(mode, alpha, 1 + gamma, groups, trees, n);
  }

  static final int TREE_ROUNDS = 60;

  private static Map<String, Object> treeParams() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("objective", "reg:squarederror");
    p.put("max_depth", 2);
    p.put("eta", 0.1);
    p.put("lambda", 5.0);
    p.put("min_child_weight", 3);
    p.put("nthread", 1);
    p.put("seed", 42);
    p.put("verbosity", 0);
    return p;
  }

  /** The residual trees' input: the layer's log features and the base prediction. */
  static float[] treeRow(LayerFeatures layer, double baseMs) {
    double[] v = TREE_FEATURES.extract(layer);
    float[] row = new float[v.length + 1];
    for (int j = 0; j < v.length; j++) {
      row[j] = (float) v[j];
    }
    row[v.length] = (float) Math.log(baseMs);
    return row;
  }

  /** Applies the correction to base predictions of {@code layers}; {@code trees} is the loaded residual model. */
  double[] apply(List<LayerFeatures> layers, double[] baseMs, Booster trees) {
    int n = layers.size();
    double[] out = new double[n];
    float[] margins = new float[n];
    for (int i = 0; i < n; i++) {
      String group = layers.get(i).groupIn(groupOffsets.keySet());
      out[i] = linearLog(group == null ? layers.get(i).groupKey() : group, baseMs[i]);
      margins[i] = (float) out[i];
    }
    if (trees != null && n > 0) {
      int width = TREE_FEATURES.featureNames().size() + 1;
      float[] rows = new float[n * width];
      for (int i = 0; i < n; i++) {
        System.arraycopy(treeRow(layers.get(i), baseMs[i]), 0, rows, i * width, width);
      }
      out = XgbModels.predict(trees, rows, n, width, margins);
    }
    for (int i = 0; i < n; i++) {
      out[i] = Math.exp(out[i]);
    }
    return out;
  }

  private static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }
}
