package io.jointcs.testsupport;

import io.jointcs.events.PredictorKind;
import io.jointcs.events.PredictorMetrics;
import io.jointcs.latency.prediction.LatencyPredictor;
import io.jointcs.latency.prediction.LayerFeatures;
import io.jointcs.latency.prediction.LayerLatencySample;
import io.jointcs.latency.prediction.MacsLinearPredictor;
import io.jointcs.latency.prediction.PredictorCodec;
import io.jointcs.latency.prediction.TrainedPredictor;
import io.jointcs.latency.prediction.ValidationMetrics;
import io.jointcs.model.LayerDescriptor;
import io.jointcs.model.ModelSpec;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Latency predictors the way a test plays predictor-training: real MACs-linear predictors trained on SYNTHETIC layer
 * samples, published as {@code LatencyPredictor} events.
 */
public final class PredictorFixtures {
  private static final double[] KEEP_RATIOS = {0.25, 0.4, 0.55, 0.7, 0.85, 1.0};

  private PredictorFixtures() {}

  /**
   * A MACs-linear predictor trained on synthetic samples of the layers of {@code base} uniformly scaled to several
   * widths: {@code ms = msPerMac * MACs + perLayerMs}, +-1.5 % noise seeded by the device class.
   */
  public static LatencyPredictor macsLinear(ModelSpec base, String deviceClass, double msPerMac, double perLayerMs) {
    Random random = new Random(deviceClass.hashCode());
    List<LayerLatencySample> samples = new ArrayList<>();
    for (double keep : KEEP_RATIOS) {
      ModelSpec spec = ModelSpec.uniformlyScaled(base.architecture(), base.numClasses(), keep);
      for (LayerDescriptor layer : spec.plan().layers()) {
        LayerFeatures f = LayerFeatures.of(layer, 1);
        double ms = (msPerMac * f.macs() + perLayerMs) * (1 + 0.03 * (random.nextDouble() - 0.5));
        samples.add(new LayerLatencySample(deviceClass, f, ms));
      }
    }
    return MacsLinearPredictor.train(samples, 1.5);
  }

  /** The event predictor-training would publish for {@code p}: version 1, emulated, fixed validation metrics. */
  public static io.jointcs.events.LatencyPredictor event(LatencyPredictor p) {
    ValidationMetrics metrics = new ValidationMetrics(0.01, 0.02, 0.9, 0.99, 100, 20);
    return io.jointcs.events.LatencyPredictor.newBuilder().setDeviceClass(p.deviceClass()).setEmulated(true)
        .setVersion(1).setKind(PredictorKind.LINEAR_REGRESSION).setFeatureSetName(p.featureSet().id().name())
        .setFeatureSetVersion(p.featureSet().id().version())
        .setModelBytes(ByteBuffer.wrap(PredictorCodec.encode(new TrainedPredictor(p, 1, metrics))))
        .setMetrics(PredictorMetrics.newBuilder().setRmseMs(0.01).setMape(0.02).setWithin5Pct(0.9)
            .setWithin10Pct(0.99).setTrainingSampleCount(100).setValidationSampleCount(20).build())
        .setCreatedAtEpochMs(System.currentTimeMillis()).build();
  }
}
