package io.jointcs.search.latency;

import io.jointcs.segmentation.NetworkCondition;
import io.jointcs.latency.prediction.LatencyPredictor;
import io.jointcs.search.LatencyModels;
import io.jointcs.search.NetworkLink;
import java.util.LinkedHashMap;
import java.util.Map;

/** Wiring of the latency module into the search: predictors become latency models, conditions become links. */
public final class PredictorTargets {
  private PredictorTargets() {}

  /** One latency model per predictor, keyed by its device class; two predictors of one class are an error. */
  public static LatencyModels models(Iterable<? extends LatencyPredictor> predictors) {
    Map<String, PredictorLatencyModel> byClass = new LinkedHashMap<>();
    for (LatencyPredictor predictor : predictors) {
      if (byClass.put(predictor.deviceClass(), new PredictorLatencyModel(predictor)) != null) {
        throw new IllegalArgumentException("two latency predictors for device class '" + predictor.deviceClass()
            + "'; give the search one per class");
      }
    }
    return LatencyModels.of(byClass);
  }

  public static NetworkLink link(String name, NetworkCondition condition) {
    return NetworkLink.of(name, condition);
  }
}
