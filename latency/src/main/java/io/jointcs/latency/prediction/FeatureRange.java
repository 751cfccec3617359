package io.jointcs.latency.prediction;

/** Observed range of one feature in the training data of one layer group. */
public record FeatureRange(String feature, double min, double max) {}
