package io.jointcs.latency.prediction;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hyper-parameters of the learned predictor (XGBoost), gradient-boosted or as a random forest. Both predict log
 * latency from log features, on top of a log-linear prior (log latency ~ log MACs and log bytes, per group) given
 * to XGBoost as base margin: the trees learn what the power law misses, and outside the training range the
 * prediction follows the power law instead of the constant a tree predicts there.
 *
 * @param mode {@link PredictorKind#GRADIENT_BOOSTED_TREES} or {@link PredictorKind#RANDOM_FOREST}
 * @param featureSet extraction the trees see
 * @param rounds boosting rounds (1 for a forest)
 * @param parallelTrees trees per round (the forest size; 1 for boosting)
 * @param minGroupSamples a group with fewer samples uses the model pooled over all groups
 * @param logLinearPrior whether to use the log-linear base margin
 * @param extrapolationMargin factor beyond the observed feature range that counts as extrapolation
 */
public record BoostedTreesConfig(PredictorKind mode, FeatureSets featureSet, int rounds, int parallelTrees,
    int maxDepth, double eta, double subsample, double colsampleByNode, double minChildWeight, int minGroupSamples,
    boolean logLinearPrior, long seed, double extrapolationMargin) {

  public BoostedTreesConfig {
    if (mode != PredictorKind.GRADIENT_BOOSTED_TREES && mode != PredictorKind.RANDOM_FOREST) {
      throw new IllegalArgumentException("boosted-trees mode must be GRADIENT_BOOSTED_TREES or RANDOM_FOREST, got "
          + mode);
    }
    if (featureSet != FeatureSets.LAYER_LOG && featureSet != FeatureSets.LAYER_LOG_GPU) {
      throw new IllegalArgumentException("the trees need a log feature set (layer-log, layer-log-gpu), got "
          + featureSet.id());
    }
    if (rounds < 1 || parallelTrees < 1 || maxDepth < 1 || minGroupSamples < 1) {
      throw new IllegalArgumentException("rounds, parallelTrees, maxDepth and minGroupSamples must be >= 1");
    }
  }

  /** The default learned predictor (chosen on the phone dataset, see MobileGpuBenchmark). */
  public static BoostedTreesConfig gradientBoosted() {
    // 150 rounds of depth 5 at eta 0.1: as accurate as 300 at 0.05 on the phone data, at half the bytes (~0.6 MB
    // per device class serialized, under Kafka's default 1 MB message limit)
    return new BoostedTreesConfig(PredictorKind.GRADIENT_BOOSTED_TREES, FeatureSets.LAYER_LOG_GPU, 150, 1, 5, 0.1,
        0.8, 0.8, 1, 20, true, 42, TrainingDomain.DEFAULT_MARGIN);
  }

  public static BoostedTreesConfig randomForest() {
    return new BoostedTreesConfig(PredictorKind.RANDOM_FOREST, FeatureSets.LAYER_LOG_GPU, 1, 200, 12, 1.0, 0.632,
        0.5, 1, 20, true, 42, TrainingDomain.DEFAULT_MARGIN);
  }

  public BoostedTreesConfig withFeatureSet(FeatureSets set) {
    return new BoostedTreesConfig(mode, set, rounds, parallelTrees, maxDepth, eta, subsample, colsampleByNode,
        minChildWeight, minGroupSamples, logLinearPrior, seed, extrapolationMargin);
  }

  public BoostedTreesConfig withLogLinearPrior(boolean prior) {
    return new BoostedTreesConfig(mode, featureSet, rounds, parallelTrees, maxDepth, eta, subsample,
        colsampleByNode, minChildWeight, minGroupSamples, prior, seed, extrapolationMargin);
  }

  public BoostedTreesConfig withSeed(long newSeed) {
    return new BoostedTreesConfig(mode, featureSet, rounds, parallelTrees, maxDepth, eta, subsample,
        colsampleByNode, minChildWeight, minGroupSamples, logLinearPrior, newSeed, extrapolationMargin);
  }

  /** XGBoost parameters; one thread, since the machines this runs on are small and shared. */
  Map<String, Object> xgboostParams() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("objective", "reg:squarederror");
    p.put("tree_method", "hist");
    p.put("max_depth", maxDepth);
    p.put("eta", eta);
    p.put("subsample", subsample);
    p.put("colsample_bynode", colsampleByNode);
    p.put("min_child_weight", minChildWeight);
    p.put("num_parallel_tree", parallelTrees);
    p.put("nthread", 1);
    p.put("seed", seed);
    p.put("verbosity", 0);
    return p;
  }
}
