package io.jointcs.latency.prediction;

import java.util.ArrayList;
import java.util.List;
import ml.dmlc.xgboost4j.java.Booster;

/**
 * A predictor for a new device class made from another class's predictor and a {@link LogSpaceCorrection} fitted
 * on a few (10-50) measurements of the new class. The base knows how latency depends on the architecture; the
 * correction only learns how the new device differs. Flags come from the base: the few samples say nothing about
 * which shapes are well covered.
 */
public final class AdaptedPredictor implements LatencyPredictor {
  private final String deviceClass;
  private final LatencyPredictor base;
  private final LogSpaceCorrection correction;
  private final InvocationOverhead overhead;
  private final Booster residualTrees;

  public AdaptedPredictor(String deviceClass, LatencyPredictor base, LogSpaceCorrection correction,
      InvocationOverhead overhead) {
    if (deviceClass == null || deviceClass.isBlank()) {
      throw new IllegalArgumentException("adapted predictor: deviceClass is missing");
    }
    this.deviceClass = deviceClass;
    this.base = base;
    this.correction = correction;
    this.overhead = overhead;
    this.residualTrees = correction.residualTrees() == null ? null : XgbModels.load(correction.residualTrees());
  }

  /**
   * Adapts {@code base} to the device class of {@code samples}. The invocation overhead is the base's until one is
   * fitted for the new class ({@link #withOverhead}): whole-model numbers of an adapted predictor carry that guess.
   */
  public static AdaptedPredictor adapt(LatencyPredictor base, List<LayerLatencySample> samples,
      CorrectionMode mode) {
    String target = SampleSets.deviceClassOf(samples);
    return new AdaptedPredictor(target, base, LogSpaceCorrection.fit(base, samples, mode), base.overhead());
  }

  public LatencyPredictor base() {
    return base;
  }

  public LogSpaceCorrection correction() {
    return correction;
  }

  @Override
  public String deviceClass() {
    return deviceClass;
  }

  @Override
  public PredictorKind kind() {
    return PredictorKind.ADAPTED;
  }

  @Override
  public FeatureSet featureSet() {
    return base.featureSet();
  }

  @Override
  public TrainingDomain domain() {
    return base.domain();
  }

  @Override
  public InvocationOverhead overhead() {
    return overhead;
  }

  @Override
  public AdaptedPredictor withOverhead(InvocationOverhead newOverhead) {
    return new AdaptedPredictor(deviceClass, base, correction, newOverhead);
  }

  @Override
  public Prediction predict(LayerFeatures layer) {
    return predictEach(List.of(layer)).get(0);
  }

  @Override
  public List<Prediction> predictEach(List<LayerFeatures> layers) {
    List<Prediction> raw = base.predictEach(layers);
    double[] baseMs = raw.stream().mapToDouble(Prediction::latencyMs).toArray();
    double[] corrected = correction.apply(layers, baseMs, residualTrees);
    List<Prediction> out = new ArrayList<>(raw.size());
    for (int i = 0; i < raw.size(); i++) {
      out.add(new Prediction(corrected[i], raw.get(i).extrapolated(), raw.get(i).detail()));
    }
    return out;
  }
}
