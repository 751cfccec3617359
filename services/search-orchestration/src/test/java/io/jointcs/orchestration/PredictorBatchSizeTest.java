package io.jointcs.orchestration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.jointcs.events.PlanReason;
import io.jointcs.events.PredictorKind;
import io.jointcs.events.PredictorMetrics;
import io.jointcs.latency.prediction.LatencyPredictor;
import io.jointcs.latency.prediction.LayerFeatures;
import io.jointcs.latency.prediction.LayerLatencySample;
import io.jointcs.latency.prediction.MacsLinearPredictor;
import io.jointcs.latency.prediction.PredictorCodec;
import io.jointcs.latency.prediction.TrainedPredictor;
import io.jointcs.latency.prediction.ValidationMetrics;
import io.jointcs.model.Architecture;
import io.jointcs.model.LayerDescriptor;
import io.jointcs.model.ModelSpec;
import io.jointcs.model.NetworkPlan;
import io.jointcs.plans.DeployableModel;
import io.jointcs.plans.DevicePlan;
import io.jointcs.plans.DevicePlanner;
import io.jointcs.search.LatencyModels;
import io.jointcs.search.NetworkLink;
import io.jointcs.segmentation.CutQuantization;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Plans and searches predict a batch device class at its own batch size: head, cut tensors and the edge's tail. */
class PredictorBatchSizeTest {
  private static final ModelSpec BASE = ModelSpec.base(Architecture.fromId("resnet20"), 10);

  @Test
  void aPresetBatchClassIsPlannedWithItsBatchOnDeviceLinkAndEdge() {
    // Given predictors of the batch-8 preset class (profiled at batch 8) and of the edge class (batch 1)
    PredictorRegistry registry = new PredictorRegistry(null);
    LatencyPredictor b8 = train("cpu-1t-b8", 8, 2e-6, 0.05);
    LatencyPredictor edge = train("cpu-1t", 1, 5e-7, 0.02);
    registry.offer(event(b8));
    registry.offer(event(edge));
    LatencyModels models = registry.latestModels();

    // When a device of that class is planned on a 10 Mbit/s uplink
    NetworkLink link = NetworkLink.ofMbps("wifi", 10, 5);
    DevicePlanner planner = new DevicePlanner(models, "cpu-1t", 0.05);
    DeployableModel model = new DeployableModel("base", null, BASE, CutQuantization.NONE, 0.9, "a".repeat(64));
    DevicePlan plan = planner.plan("d8", "cpu-1t-b8", link, List.of(model), 1e9, 1, PlanReason.INITIAL, "joined", 0);

    // Then the head, the cut tensors and the tail are those of 8 images
    assertThat(registry.batchSize("cpu-1t-b8")).isEqualTo(8);
    assertThat(registry.batchSize("cpu-1t")).isEqualTo(1);
    assertThat(models.model("cpu-1t-b8").batchSize()).isEqualTo(8);
    assertThat(DevicePlanner.edgeModelFor(models, "cpu-1t-b8", "cpu-1t")).isEqualTo("cpu-1t@b8");
    assertThat(DevicePlanner.edgeModelFor(models, "cpu-1t", "cpu-1t")).isEqualTo("cpu-1t");
    NetworkPlan p = BASE.plan();
    for (int c = 0; c <= p.blockCount(); c++) {
      var cut = planner.allCuts(model, "cpu-1t-b8", link).get(c);
      assertThat(cut.headMs()).isCloseTo(b8.predictBlocks(p, 1, c, 8).latencyMs(), within(1e-6));
      assertThat(cut.tailMs()).isCloseTo(edge.predictBlocks(p, c + 1, p.blockCount(), 8).latencyMs(), within(1e-6));
      if (c < p.blockCount()) {
        assertThat(cut.cutBytes()).isEqualTo(8 * p.cutBytes(c, CutQuantization.NONE.bits()));
      }
    }
    assertThat(plan.cut().headMs()).isCloseTo(b8.predictBlocks(p, 1, plan.cut().cutPoint(), 8).latencyMs(),
        within(1e-6));
  }

  @Test
  void aConfiguredBatchSizeAppliesToOtherClassesAndMayNotContradictAPreset() {
    PredictorRegistry registry = new PredictorRegistry(null, Map.of("rpi4-b4", 4));
    assertThat(registry.batchSize("rpi4-b4")).isEqualTo(4);
    assertThat(registry.batchSize("rpi4-a72-4t")).isEqualTo(1);
    assertThatThrownBy(() -> new PredictorRegistry(null, Map.of("cpu-1t-b8", 4)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("contradicts");
  }

  /** A MACs-linear predictor of samples profiled at {@code batch}: ms = a * MACs + b per layer. */
  private static LatencyPredictor train(String deviceClass, int batch, double msPerMac, double perLayerMs) {
    List<LayerLatencySample> samples = new ArrayList<>();
    for (double keep : new double[] {0.25, 0.5, 0.75, 1.0}) {
      for (LayerDescriptor layer : ModelSpec.uniformlyScaled(BASE.architecture(), 10, keep).plan().layers()) {
        LayerFeatures f = LayerFeatures.of(layer, batch);
        samples.add(new LayerLatencySample(deviceClass, f, msPerMac * f.macs() + perLayerMs));
      }
    }
    return MacsLinearPredictor.train(samples, 1.5);
  }

  private static io.jointcs.events.LatencyPredictor event(LatencyPredictor p) {
    ValidationMetrics metrics = new ValidationMetrics(0.01, 0.02, 0.9, 0.99, 100, 20);
    return io.jointcs.events.LatencyPredictor.newBuilder().setDeviceClass(p.deviceClass()).setEmulated(false)
        .setVersion(1).setKind(PredictorKind.LINEAR_REGRESSION).setFeatureSetName(p.featureSet().id().name())
        .setFeatureSetVersion(p.featureSet().id().version())
        .setModelBytes(ByteBuffer.wrap(PredictorCodec.encode(new TrainedPredictor(p, 1, metrics))))
        .setMetrics(PredictorMetrics.newBuilder().setRmseMs(0.01).setMape(0.02).setWithin5Pct(0.9)
            .setWithin10Pct(0.99).setTrainingSampleCount(100).setValidationSampleCount(20).build())
        .setCreatedAtEpochMs(1).build();
  }
}
