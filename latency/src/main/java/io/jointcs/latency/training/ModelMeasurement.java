package io.jointcs.latency.training;

import io.jointcs.events.ModelLatencySample;
import io.jointcs.events.ModelPart;
import io.jointcs.latency.prediction.LatencyPredictor;
import io.jointcs.latency.prediction.LayerFeatures;
import io.jointcs.latency.prediction.ModelLatencyObservation;
import io.jointcs.latency.prediction.Prediction;
import io.jointcs.latency.telemetry.ModelTelemetry;
import java.util.List;

/**
 * A measured invocation of one device class (a WHOLE model, or the HEAD or TAIL of a split) with the layers it ran:
 * what the invocation overhead is fitted on and whole models are validated on. Built once per sample (the layers
 * come from the model spec), so a retraining only predicts.
 *
 * @param modelName the model spec text: fits and hold-outs group by it
 * @param layers the layers the invocation ran, in order
 * @param latencyMs the measured latency (the sample's median)
 */
public record ModelMeasurement(String sampleId, String modelName, ModelPart part, int cutPoint,
    List<LayerFeatures> layers, double latencyMs) {
  public ModelMeasurement {
    if (layers == null || layers.isEmpty()) {
      throw new IllegalArgumentException("model measurement " + sampleId + " ran no layer");
    }
    if (!Double.isFinite(latencyMs) || latencyMs <= 0) {
      throw new IllegalArgumentException("model measurement " + sampleId + ": latency must be finite and > 0, got "
          + latencyMs);
    }
    layers = List.copyOf(layers);
  }

  /**
   * The measurement of a HEAD, TAIL or WHOLE sample.
   *
   * @throws IllegalArgumentException for a SPLIT (or unknown) part, or a spec that cannot be parsed
   */
  public static ModelMeasurement of(String sampleId, ModelLatencySample sample) {
    return new ModelMeasurement(sampleId, sample.getModelSpec().trim(), sample.getPart(), sample.getCutPoint(),
        ModelTelemetry.layers(sample), sample.getLatency().getMedianMs());
  }

  /** Whether the part is one a single device ran (HEAD, TAIL, WHOLE): the ones an overhead is fitted on. */
  public static boolean fittable(ModelLatencySample sample) {
    return sample.getPart() == ModelPart.HEAD || sample.getPart() == ModelPart.TAIL
        || sample.getPart() == ModelPart.WHOLE;
  }

  /** What {@code predictor} predicts for the invocation: its layers' sum plus its invocation overhead. */
  public Prediction predict(LatencyPredictor predictor) {
    return predictor.predictInvocation(layers);
  }

  /** The observation an overhead is fitted on, against {@code predictor}'s layer sum (not measured layers). */
  public ModelLatencyObservation observation(LatencyPredictor predictor) {
    double sum = 0;
    for (Prediction p : predictor.predictEach(layers)) {
      sum += p.latencyMs();
    }
    return ModelLatencyObservation.of(modelName, layers, sum, latencyMs);
  }
}
