package io.jointcs.latency.prediction;

/** Name and version of a feature extraction, as stamped on serialized predictors. */
public record FeatureSetId(String name, int version) {
  @Override
  public String toString() {
    return name + " v" + version;
  }
}
