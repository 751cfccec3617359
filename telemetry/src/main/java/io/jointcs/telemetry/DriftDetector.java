package io.jointcs.telemetry;

import io.jointcs.events.LatencyDrift;
import io.jointcs.events.LatencyStatistics;
import io.jointcs.latency.prediction.Prediction;
import io.jointcs.latency.prediction.PredictorCodec;
import io.jointcs.latency.prediction.TrainedPredictor;
import io.jointcs.latency.telemetry.LayerTelemetry;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Compares a window's observed median latency of one layer configuration with what the device class' current
 * predictor predicts for it, and reports {@link LatencyDrift} when |observed - predicted| / predicted exceeds the
 * threshold. Windows with fewer than {@code minSamples} samples are not judged (one slow run is not drift), nor
 * are layers the predictor flags as extrapolated (outside what it was trained on, its number is a guess, not a
 * claim that could drift). Decoded predictors are cached per device class and version. Thread-safe.
 *
 * @param thresholdRatio absolute relative error beyond which drift is reported, > 0. Unit: ratio.
 * @param minSamples samples a window needs to be judged, >= 1. Unit: count.
 */
public final class DriftDetector {
  private static final int CACHED_PREDICTORS = 64;

  private final double thresholdRatio;
  private final long minSamples;
  private final Map<String, TrainedPredictor> decoded = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, TrainedPredictor> eldest) {
      return size() > CACHED_PREDICTORS;
    }
  };

  public DriftDetector(double thresholdRatio, long minSamples) {
    if (!(thresholdRatio > 0) || !Double.isFinite(thresholdRatio)) {
      throw new IllegalArgumentException("drift threshold must be finite and > 0, got " + thresholdRatio);
    }
    if (minSamples < 1) {
      throw new IllegalArgumentException("drift needs at least 1 sample per window, got " + minSamples);
    }
    this.thresholdRatio = thresholdRatio;
    this.minSamples = minSamples;
  }

  public double thresholdRatio() {
    return thresholdRatio;
  }

  /**
   * The drift of one window, if any.
   *
   * @param predictor the current predictor event of the window's device class
   * @throws UnusablePredictorException when the predictor cannot be decoded or cannot predict the layer
   */
  public Optional<LatencyDrift> check(LatencyStatistics window, io.jointcs.events.LatencyPredictor predictor,
      long nowEpochMs) {
    if (window.getCount() < minSamples) {
      return Optional.empty();
    }
    TrainedPredictor trained = decode(predictor);
    Prediction prediction;
    try {
      prediction = trained.predictor().predict(LayerTelemetry.toFeatures(window.getLayer()));
    } catch (RuntimeException e) {
      throw new UnusablePredictorException("predictor v" + predictor.getVersion() + " of "
          + predictor.getDeviceClass() + " cannot predict " + window.getLayerSignature() + ": " + e.getMessage(), e);
    }
    if (prediction.extrapolated() || !(prediction.latencyMs() > 0)) {
      return Optional.empty();
    }
    double error = (window.getMedianMs() - prediction.latencyMs()) / prediction.latencyMs();
    if (Math.abs(error) <= thresholdRatio) {
      return Optional.empty();
    }
    return Optional.of(LatencyDrift.newBuilder()
        .setDeviceClass(window.getDeviceClass())
        .setEmulated(window.getEmulated() || predictor.getEmulated())
        .setLayerSignature(window.getLayerSignature())
        .setPredictorVersion(predictor.getVersion())
        .setObservedMedianMs(window.getMedianMs())
        .setPredictedMs(prediction.latencyMs())
        .setRelativeError(error)
        .setThresholdRatio(thresholdRatio)
        .setSampleCount(window.getCount())
        .setWindowStartEpochMs(window.getWindowStartEpochMs())
        .setWindowEndEpochMs(window.getWindowEndEpochMs())
        .setDetectedAtEpochMs(nowEpochMs)
        .build());
  }

  private synchronized TrainedPredictor decode(io.jointcs.events.LatencyPredictor p) {
    String key = p.getDeviceClass() + "#" + p.getVersion() + "#" + p.getCreatedAtEpochMs();
    TrainedPredictor cached = decoded.get(key);
    if (cached != null) {
      return cached;
    }
    ByteBuffer buffer = p.getModelBytes().duplicate();
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    TrainedPredictor trained;
    try {
      trained = PredictorCodec.decode(bytes);
    } catch (RuntimeException e) {
      throw new UnusablePredictorException("predictor v" + p.getVersion() + " of " + p.getDeviceClass()
          + " cannot be decoded: " + e.getMessage(), e);
    }
    decoded.put(key, trained);
    return trained;
  }

  /** The current predictor of a class cannot be used for drift detection (its windows are skipped). */
  public static final class UnusablePredictorException extends RuntimeException {
    UnusablePredictorException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
