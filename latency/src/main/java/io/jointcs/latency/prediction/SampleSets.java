package io.jointcs.latency.prediction;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Checks and groupings of training samples shared by the predictors. */
public final class SampleSets {
  private SampleSets() {}

  /** The one device class of {@code samples}; an error when empty or mixed. */
  public static String deviceClassOf(List<LayerLatencySample> samples) {
    if (samples.isEmpty()) {
      throw new IllegalArgumentException("no training samples");
    }
    Set<String> classes = new TreeSet<>();
    for (LayerLatencySample s : samples) {
      classes.add(s.deviceClass());
    }
    if (classes.size() > 1) {
      throw new IllegalArgumentException("training samples mix device classes " + classes
          + "; a predictor is trained per device class");
    }
    return classes.iterator().next();
  }

  /** Samples by {@link LayerFeatures#groupKey()}, in first-seen order. */
  public static Map<String, List<LayerLatencySample>> byGroup(List<LayerLatencySample> samples) {
    Map<String, List<LayerLatencySample>> out = new LinkedHashMap<>();
    for (LayerLatencySample s : samples) {
      out.computeIfAbsent(s.features().groupKey(), k -> new ArrayList<>()).add(s);
    }
    return out;
  }
}
