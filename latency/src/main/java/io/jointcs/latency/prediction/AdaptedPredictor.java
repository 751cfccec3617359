package io.jointcs.latency.prediction;

import java.util.ArrayList;
import java.util.List;
import ml.dmlc.xgboost4j.java.Booster;

/**
 * A predictor for a new device class made from another class's predictor and a {@link LogSpaceCorrection} fitted
 * on a few (10-50) measurements of the new class. The base knows how latency depends on the architecture; the
 * correction only learns how the new device differs. Flags come from the base: the few samples say nothing about
 * which shapes are well covered.
 *
 * <p>When the new class runs another batch size than the base was trained on (cpu-1t at batch 1, cpu-1t-b8 at batch
 * 8), the base is asked about the same layer at its own batch: asked at the new batch it would extrapolate (trees
 * predict a constant beyond their data), and the correction could not undo that.
 */
public final class AdaptedPredictor implements LatencyPredictor {
  private final String deviceClass;
  private final LatencyPredictor base;
  private final LogSpaceCorrection correction;
  private final InvocationOverhead overhead;
  private final Booster residualTrees;
  private final int baseBatchSize;

  public AdaptedPredictor(String deviceClass, LatencyPredictor base, LogSpaceCorrection correction,
      InvocationOverhead overhead) {
    this(deviceClass, base, 0, correction, overhead);
  }

  /**
   * @param baseBatchSize batch size the base predictor is asked at, whatever the layer's own; 0 = the layer's own
   */
  public AdaptedPredictor(String deviceClass, LatencyPredictor base, int baseBatchSize, LogSpaceCorrection correction,
      InvocationOverhead overhead) {
    if (baseBatchSize < 0) {
      throw new IllegalArgumentException("adapted predictor: base batch size must be >= 0, got " + baseBatchSize);
    }
    this.baseBatchSize = baseBatchSize;
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
    return adapt(base, 0, samples, mode);
  }

  /**
   * Adapts {@code base}, trained at batch {@code baseBatchSize}, to the device class of {@code samples}, whose layers
   * may run at another batch (0: ask the base at each layer's own batch).
   */
  public static AdaptedPredictor adapt(LatencyPredictor base, int baseBatchSize, List<LayerLatencySample> samples,
      CorrectionMode mode) {
    String target = SampleSets.deviceClassOf(samples);
    List<LayerFeatures> asked = samples.stream().map(LayerLatencySample::features).toList();
    LogSpaceCorrection correction = LogSpaceCorrection.fit(base.predictEach(atBatch(asked, baseBatchSize)), samples,
        mode);
    return new AdaptedPredictor(target, base, baseBatchSize, correction, base.overhead());
  }

  /** The batch size the base is asked at (0: each layer's own). */
  public int baseBatchSize() {
    return baseBatchSize;
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
    return new AdaptedPredictor(deviceClass, base, baseBatchSize, correction, newOverhead);
  }

  @Override
  public Prediction predict(LayerFeatures layer) {
    return predictEach(List.of(layer)).get(0);
  }

  @Override
  public List<Prediction> predictEach(List<LayerFeatures> layers) {
    List<Prediction> raw = base.predictEach(atBatch(layers, baseBatchSize));
    double[] baseMs = raw.stream().mapToDouble(Prediction::latencyMs).toArray();
    double[] corrected = correction.apply(layers, baseMs, residualTrees);
    List<Prediction> out = new ArrayList<>(raw.size());
    for (int i = 0; i < raw.size(); i++) {
      out.add(new Prediction(corrected[i], raw.get(i).extrapolated(), raw.get(i).detail()));
    }
    return out;
  }

  /** The layers as the base is asked about them: at {@code batchSize}, or as they are for 0. */
  private static List<LayerFeatures> atBatch(List<LayerFeatures> layers, int batchSize) {
    return batchSize == 0 ? layers : layers.stream().map(l -> l.withBatchSize(batchSize)).toList();
  }
}
