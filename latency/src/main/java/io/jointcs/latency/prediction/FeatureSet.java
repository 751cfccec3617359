package io.jointcs.latency.prediction;

import java.util.List;

/**
 * A named, versioned extraction of a numeric vector from {@link LayerFeatures}. A predictor is only valid with
 * the extraction it was trained with, so serialized predictors carry the name and version and a reader refuses
 * one it does not implement.
 */
public interface FeatureSet {
  /** e.g. {@code layer-log}; not called name() so that enums can implement it. */
  String featureSetName();

  int version();

  List<String> featureNames();

  double[] extract(LayerFeatures layer);

  default FeatureSetId id() {
    return new FeatureSetId(featureSetName(), version());
  }
}
