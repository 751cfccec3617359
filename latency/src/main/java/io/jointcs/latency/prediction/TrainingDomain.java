package io.jointcs.latency.prediction;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * What a predictor was trained on: per layer group, the range of the size features. A query whose channels,
 * MACs, bytes or spatial size lie beyond that range by more than {@code margin} (a factor), or whose group was
 * never seen, is an extrapolation: trees predict a constant there and tables have nothing to interpolate.
 *
 * @param margin factor by which a feature may exceed its observed range before it counts as extrapolation
 * @param ranges observed ranges per group key
 */
public record TrainingDomain(double margin, Map<String, List<FeatureRange>> ranges) {
  public static final double DEFAULT_MARGIN = 1.5;

  private static final Map<String, ToDoubleFunction<LayerFeatures>> CHECKED = checkedFeatures();

  public TrainingDomain {
    if (!(margin >= 1)) {
      throw new IllegalArgumentException("extrapolation margin must be >= 1, got " + margin);
    }
    ranges = Map.copyOf(ranges);
  }

  public static TrainingDomain of(List<LayerLatencySample> samples, double margin) {
    Map<String, List<FeatureRange>> ranges = new LinkedHashMap<>();
    Map<String, List<LayerFeatures>> byGroup = new LinkedHashMap<>();
    for (LayerLatencySample s : samples) {
      byGroup.computeIfAbsent(s.features().groupKey(), k -> new ArrayList<>()).add(s.features());
    }
    byGroup.forEach((group, layers) -> {
      List<FeatureRange> list = new ArrayList<>();
      CHECKED.forEach((name, getter) -> {
        double min = layers.stream().mapToDouble(getter).min().orElseThrow();
        double max = layers.stream().mapToDouble(getter).max().orElseThrow();
        list.add(new FeatureRange(name, min, max));
      });
      ranges.put(group, List.copyOf(list));
    });
    return new TrainingDomain(margin, ranges);
  }

  public boolean covers(String groupKey) {
    return ranges.containsKey(groupKey);
  }

  /** Why {@code layer} is an extrapolation, or empty when it lies within the training domain. */
  public Optional<String> violation(LayerFeatures layer) {
    String group = layer.groupIn(ranges.keySet());
    List<FeatureRange> groupRanges = group == null ? null : ranges.get(group);
    if (groupRanges == null) {
      return Optional.of("layer group " + layer.groupKey() + " never seen in training");
    }
    List<String> out = new ArrayList<>();
    for (FeatureRange r : groupRanges) {
      ToDoubleFunction<LayerFeatures> getter = CHECKED.get(r.feature());
      if (getter == null) {
        continue; // a range written by a newer build; not checkable here
      }
      double v = getter.applyAsDouble(layer);
      if (v > r.max() * margin) {
        out.add(String.format(Locale.ROOT, "%s %.4g > %.2f x max %.4g", r.feature(), v, margin, r.max()));
      } else if (v < r.min() / margin) {
        out.add(String.format(Locale.ROOT, "%s %.4g < min %.4g / %.2f", r.feature(), v, r.min(), margin));
      }
    }
    return out.isEmpty() ? Optional.empty()
        : Optional.of(layer.groupKey() + " outside training range: " + String.join(", ", out));
  }

  private static Map<String, ToDoubleFunction<LayerFeatures>> checkedFeatures() {
    Map<String, ToDoubleFunction<LayerFeatures>> m = new LinkedHashMap<>();
    m.put("inChannels", LayerFeatures::inChannels);
    m.put("outChannels", LayerFeatures::outChannels);
    m.put("macs", LayerFeatures::macs);
    m.put("inputBytes", LayerFeatures::inputBytes);
    m.put("outputBytes", LayerFeatures::outputBytes);
    m.put("inputPixels", f -> (double) f.inputHeight() * f.inputWidth());
    return Map.copyOf(m);
  }
}
