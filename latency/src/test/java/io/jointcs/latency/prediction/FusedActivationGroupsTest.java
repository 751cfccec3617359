package io.jointcs.latency.prediction;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointcs.model.Activation;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A layer's fused activation is part of its group: the same residual addition with a ReLU after it is timed as a
 * different operation (on this project's CPU, up to twice as slow). Predictors trained on data that does not say the
 * activation still answer layers that do.
 */
class FusedActivationGroupsTest {

  private static LayerFeatures add(int channels, int side, Activation activation) {
    long bytes = 4L * channels * side * side;
    return new LayerFeatures(LayerKind.ADD, "ADD", channels, channels, 1, 1, 0, 1, side, side, side, side, 1, 0, 0,
        bytes, bytes, activation);
  }

  /** Additions with and without a ReLU; the ReLU ones take {@code reluFactor} times as long. */
  private static List<LayerLatencySample> additions(double reluFactor, boolean sayActivation, long seed) {
    Random r = new Random(seed);
    int[] channels = {8, 12, 16, 24, 32, 48, 64, 96, 128};
    int[] sides = {4, 8, 16, 32};
    List<LayerLatencySample> out = new ArrayList<>();
    for (int i = 0; i < 240; i++) {
      boolean relu = i % 2 == 0;
      LayerFeatures f = add(channels[r.nextInt(channels.length)], sides[r.nextInt(sides.length)],
          sayActivation ? (relu ? Activation.RELU : Activation.NONE) : null);
      double ms = (0.003 + 2e-8 * f.inputBytes()) * (relu ? reluFactor : 1) * (1 + 0.01 * r.nextGaussian());
      out.add(new LayerLatencySample("cpu-1t", f, ms, "m" + (i % 24), "add" + i));
    }
    return out;
  }

  @Test
  void theGroupKeyNamesTheActivationOnlyWhenItIsKnown() {
    assertThat(add(16, 8, Activation.RELU).groupKey()).isEqualTo("ADD+RELU");
    assertThat(add(16, 8, Activation.NONE).groupKey()).isEqualTo("ADD+NONE");
    assertThat(add(16, 8, null).groupKey()).isEqualTo("ADD");
    assertThat(add(16, 8, Activation.RELU).groupIn(Set.of("ADD+RELU", "ADD"))).isEqualTo("ADD+RELU");
    assertThat(add(16, 8, Activation.RELU).groupIn(Set.of("ADD", "CONV"))).isEqualTo("ADD");
    assertThat(add(16, 8, null).groupIn(Set.of("ADD+RELU", "ADD+NONE"))).isNull();
  }

  @Test
  void everyTrainablePredictorTellsAnAdditionWithItsReluFromOneWithout() {
    List<LayerLatencySample> training = additions(1.8, true, 1);
    LayerFeatures withRelu = add(32, 16, Activation.RELU);
    LayerFeatures without = add(32, 16, Activation.NONE);

    for (PredictorKind kind : PredictorNames.TRAINABLE.values()) {
      LatencyPredictor p = PredictorTrainer.fit(kind, training, PredictorTrainer.Options.defaults());

      double ratio = p.predict(withRelu).latencyMs() / p.predict(without).latencyMs();
      assertThat(ratio).as("%s: ReLU / no ReLU", kind).isBetween(1.6, 2.0);
      assertThat(PredictorTrainer.evaluate(p, additions(1.8, true, 2)).mape()).as("%s", kind).isLessThan(0.15);
    }
  }

  @Test
  void aPredictorTrainedWithoutActivationsAnswersLayersThatSayTheirsFromTheirKind() {
    List<LayerLatencySample> training = additions(1.0, false, 3);
    LayerFeatures query = add(32, 16, Activation.RELU);
    LayerFeatures unsaid = add(32, 16, null);

    for (PredictorKind kind : PredictorNames.TRAINABLE.values()) {
      LatencyPredictor p = PredictorTrainer.fit(kind, training, PredictorTrainer.Options.defaults());

      Prediction answer = p.predict(query);
      assertThat(answer.latencyMs()).as("%s", kind).isCloseTo(p.predict(unsaid).latencyMs(),
          org.assertj.core.api.Assertions.withinPercentage(0.001));
      assertThat(answer.extrapolated()).as("%s: %s", kind, answer.detail()).isFalse();
    }
  }
}
