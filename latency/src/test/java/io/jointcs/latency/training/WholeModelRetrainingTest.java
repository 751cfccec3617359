package io.jointcs.latency.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointcs.events.LatencyMeasurement;
import io.jointcs.events.ModelLatencySample;
import io.jointcs.events.ModelPart;
import io.jointcs.latency.prediction.InvocationOverhead;
import io.jointcs.latency.prediction.LayerFeatures;
import io.jointcs.latency.prediction.LayerLatencySample;
import io.jointcs.latency.prediction.PredictorCodec;
import io.jointcs.latency.prediction.PredictorKind;
import io.jointcs.latency.prediction.PredictorTrainer;
import io.jointcs.latency.prediction.TrainedPredictor;
import io.jointcs.latency.profiling.PrunedModelSampler;
import io.jointcs.latency.telemetry.ModelTelemetry;
import io.jointcs.model.Architecture;
import io.jointcs.model.LayerDescriptor;
import io.jointcs.model.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Retraining with model measurements: the overhead is fitted on training models and the published predictor carries
 * it; held-out whole models, heads and tails are part of the verdict.
 */
class WholeModelRetrainingTest {
  private static final String CLASS = "cpu-1t";
  private static final PredictorTrainer.Options OPTIONS = PredictorTrainer.Options.defaults();
  /** What running layers as one invocation adds on this synthetic device: 0.4 ms + 0.03 ms per layer. */
  private static final double CONSTANT_MS = 0.4;
  private static final double PER_LAYER_MS = 0.03;

  private static List<ModelSpec> specs;
  private static TrainingSnapshot layers;
  private final AcceptanceRule rule = AcceptanceRule.notWorseMape();

  /** Layer law of the synthetic device: 10 GMAC/s, 2 GB/s moved, 5 us per layer. */
  private static double lawMs(LayerFeatures f) {
    return 0.005 + 1e-7 * f.macs() + 5e-7 * (f.inputBytes() + f.outputBytes());
  }

  @BeforeAll
  static void data() {
    specs = new ArrayList<>();
    specs.add(ModelSpec.base(Architecture.RESNET20, ModelTelemetry.NUM_CLASSES));
    specs.addAll(new PrunedModelSampler(0.3, ModelTelemetry.NUM_CLASSES).sample(List.of(Architecture.RESNET20), 15,
        11));
    // every layer of every model, timed alone with 3% noise: split into training and hold-out at random
    Random r = new Random(5);
    List<LayerLatencySample> training = new ArrayList<>();
    List<LayerLatencySample> holdout = new ArrayList<>();
    for (ModelSpec spec : specs) {
      for (LayerDescriptor d : spec.plan().layers()) {
        LayerFeatures f = LayerFeatures.of(d, 1);
        LayerLatencySample s = new LayerLatencySample(CLASS, f, lawMs(f) * (1 + 0.03 * r.nextGaussian()));
        (r.nextDouble() < 0.2 ? holdout : training).add(s);
      }
    }
    layers = new TrainingSnapshot(CLASS, training, holdout, training.size(), 0, false);
  }

  /** A measured part of {@code spec}: its layers' law plus the device's invocation overhead. */
  private static ModelLatencySample measured(ModelSpec spec, ModelPart part, int cut) {
    int blocks = spec.plan().blockCount();
    ModelLatencySample shape = ModelLatencySample.newBuilder().setModelSpec(ModelTelemetry.specText(spec))
        .setPart(part).setCutPoint(part == ModelPart.WHOLE ? blocks : cut).setBlockCount(blocks).setBatchSize(1)
        .setLatency(latency(1)).build();
    List<LayerFeatures> ran = ModelTelemetry.layers(shape);
    double ms = CONSTANT_MS + PER_LAYER_MS * ran.size() + ran.stream().mapToDouble(WholeModelRetrainingTest::lawMs)
        .sum();
    return ModelLatencySample.newBuilder(shape).setLatency(latency(ms)).build();
  }

  private static LatencyMeasurement latency(double ms) {
    return LatencyMeasurement.newBuilder().setMedianMs(ms).setP10Ms(ms).setP90Ms(ms).setStddevMs(0)
        .setRepetitions(30).setWarmupRuns(3).build();
  }

  private static ModelSnapshot models(List<ModelSpec> of) {
    ModelSampleSet set = new ModelSampleSet(CLASS, new HoldoutAssignment(0.3), 1000);
    int id = 0;
    for (ModelSpec spec : of) {
      for (ModelLatencySample s : List.of(measured(spec, ModelPart.WHOLE, 0), measured(spec, ModelPart.HEAD, 3),
          measured(spec, ModelPart.TAIL, 3), measured(spec, ModelPart.HEAD, 7))) {
        set.add(ModelMeasurement.of("m-" + id++, s));
      }
    }
    return set.snapshot();
  }

  @Test
  void theOverheadIsFittedOnTrainingModelsPublishedWithThePredictorAndJudgedOnHeldOutModels() {
    // Given: a current predictor trained on layers only (no overhead), and model measurements of 16 models
    TrainedPredictor current = Retraining.run(layers, null, PredictorKind.GRADIENT_BOOSTED_TREES, OPTIONS, rule, 1)
        .candidate();
    assertThat(current.predictor().overhead()).isEqualTo(InvocationOverhead.NONE);
    ModelSnapshot models = models(specs);
    assertThat(models.trainingModels()).isGreaterThanOrEqualTo(3);
    assertThat(models.holdout()).isNotEmpty();
    // whole models of one spec stay on one side
    assertThat(models.training().stream().map(ModelMeasurement::modelName))
        .doesNotContainAnyElementsOf(models.holdout().stream().map(ModelMeasurement::modelName).toList());

    // When: retrained with them
    Retraining.RetrainOutcome out = Retraining.run(layers, models, current, PredictorKind.GRADIENT_BOOSTED_TREES,
        OPTIONS, rule, 2);

    // Then: an overhead was fitted, close to the device's, and every term >= 0
    assertThat(out.overhead().fitted()).as(out.overhead().note()).isTrue();
    InvocationOverhead fitted = out.candidate().predictor().overhead();
    assertThat(fitted.nonNegative()).isTrue();
    assertThat(WholeModelFit.evaluate(out.candidate().predictor(), models.training()).mape()).isLessThan(0.05);
    // held-out whole models: the candidate with its overhead is far closer than the bare layer sum
    assertThat(out.wholeModels()).isNotNull();
    assertThat(out.wholeModels().candidate().count()).isEqualTo(models.holdout().size());
    assertThat(out.wholeModels().candidate().mape()).isLessThan(0.05);
    assertThat(out.wholeModels().current().mape()).isGreaterThan(3 * out.wholeModels().candidate().mape());
    assertThat(out.accepted()).as(out.verdict().reason()).isTrue();
    assertThat(out.verdict().reason()).contains("whole models: not worse").contains("invocation overhead");
    // and the predictor as it is published (its serialized bytes) carries the overhead
    TrainedPredictor published = PredictorCodec.decode(PredictorCodec.encode(out.candidate()));
    assertThat(published.predictor().overhead()).isEqualTo(fitted);
  }

  @Test
  void aCandidateWorseOnHeldOutWholeModelsIsRejectedEvenWhenItsLayersAreNotWorse() {
    // Given: a current predictor with a fitted overhead
    ModelSnapshot models = models(specs);
    TrainedPredictor current = Retraining.run(layers, models, null, PredictorKind.GRADIENT_BOOSTED_TREES, OPTIONS,
        rule, 1).candidate();
    assertThat(current.predictor().overhead()).isNotEqualTo(InvocationOverhead.NONE);

    // When: a candidate is trained on the same layers but without training models (no overhead can be fitted),
    // judged on the same held-out models
    ModelSnapshot heldOutOnly = new ModelSnapshot(List.of(), models.holdout());
    Retraining.RetrainOutcome out = Retraining.run(layers, heldOutOnly, current,
        PredictorKind.GRADIENT_BOOSTED_TREES, OPTIONS, rule, 2);

    // Then: its layers are as good, its whole models worse: rejected, and the reason says which and why
    assertThat(out.verdict().candidate().mape()).isLessThanOrEqualTo(out.verdict().current().mape());
    assertThat(out.overhead().fitted()).isFalse();
    assertThat(out.overhead().note()).contains("0 training models, 3 models needed");
    assertThat(out.accepted()).isFalse();
    assertThat(out.verdict().reason()).contains("layers: not worse").contains("whole models: worse");
  }

  @Test
  void modelMeasurementsNeedAParsableSpecOfTheRightBlockCountAndASingleDevicePart() {
    ModelLatencySample whole = measured(specs.get(0), ModelPart.WHOLE, 0);
    assertThat(ModelMeasurement.of("a", whole).layers()).hasSize(specs.get(0).plan().layers().size());
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ModelMeasurement.of("b",
        ModelLatencySample.newBuilder(whole).setModelSpec("resnet20(16,16)").build()))
        .hasMessageContaining("is not of the form architecture[w1,w2,...]");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ModelMeasurement.of("c",
        ModelLatencySample.newBuilder(whole).setBlockCount(5).setCutPoint(5).build()))
        .hasMessageContaining("the sample says 5");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ModelMeasurement.of("d",
        ModelLatencySample.newBuilder(whole).setPart(ModelPart.SPLIT).setCutPoint(3).build()))
        .hasMessageContaining("SPLIT sample has no single list of layers");
    assertThat(ModelTelemetry.parseSpec(ModelTelemetry.specText(specs.get(3)))).isEqualTo(specs.get(3));
  }
}
