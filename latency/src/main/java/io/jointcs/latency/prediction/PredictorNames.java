package io.jointcs.latency.prediction;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The command-line names of the predictor kinds that are trained from scratch (one name per kind). */
public final class PredictorNames {
  /** name -&gt; kind, in report order: the baseline, the lookup table, the learned predictor. */
  public static final Map<String, PredictorKind> TRAINABLE = trainable();

  private PredictorNames() {}

  private static Map<String, PredictorKind> trainable() {
    Map<String, PredictorKind> m = new LinkedHashMap<>();
    m.put("macs-linear", PredictorKind.LINEAR_REGRESSION);
    m.put("lookup", PredictorKind.LOOKUP_TABLE);
    m.put("boosted-trees", PredictorKind.GRADIENT_BOOSTED_TREES);
    return java.util.Collections.unmodifiableMap(m);
  }

  /** The kind named {@code name}; an error listing the names otherwise. */
  public static PredictorKind parse(String name) {
    PredictorKind kind = TRAINABLE.get(name.trim().toLowerCase(Locale.ROOT));
    if (kind == null) {
      throw new IllegalArgumentException("unknown predictor '" + name + "'; known: "
          + String.join(", ", TRAINABLE.keySet()));
    }
    return kind;
  }

  /** The command-line name of {@code kind} (the enum name in lower case for kinds not trained from scratch). */
  public static String nameOf(PredictorKind kind) {
    return TRAINABLE.entrySet().stream().filter(e -> e.getValue() == kind).map(Map.Entry::getKey).findFirst()
        .orElse(kind.name().toLowerCase(Locale.ROOT).replace('_', '-'));
  }
}
