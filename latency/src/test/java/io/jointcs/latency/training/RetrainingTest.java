package io.jointcs.latency.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.jointcs.latency.prediction.AccuracyMetrics;
import io.jointcs.latency.prediction.LayerLatencySample;
import io.jointcs.latency.prediction.PredictorKind;
import io.jointcs.latency.prediction.PredictorTrainer;
import io.jointcs.latency.prediction.TrainedPredictor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RetrainingTest {
  private static final PredictorTrainer.Options OPTIONS = PredictorTrainer.Options.defaults();
  private final AcceptanceRule rule = AcceptanceRule.notWorseMape();

  @Test
  void firstPredictorIsAcceptedWithItsHoldoutMetrics() {
    // Given 300 training and 60 held-out samples of the law with 5% noise and no current predictor
    TrainingSnapshot snap = snapshot(Layers.samples("pi", 300, 0.05, 1), Layers.samples("pi", 60, 0.05, 2));
    // When retrained
    Retraining.RetrainOutcome out = Retraining.run(snap, null, PredictorKind.GRADIENT_BOOSTED_TREES, OPTIONS,
        rule, 1);
    // Then it is accepted as version 1 with hold-out metrics of a usable predictor
    assertThat(out.accepted()).isTrue();
    assertThat(out.candidate().version()).isEqualTo(1);
    assertThat(out.candidate().metrics().validationSampleCount()).isEqualTo(60);
    assertThat(out.candidate().metrics().trainingSampleCount()).isEqualTo(300);
    assertThat(out.candidate().metrics().mape()).isLessThan(0.2);
  }

  @Test
  void deliberatelyWorseCandidateIsRejected() {
    // Given a current predictor trained on the law
    List<LayerLatencySample> holdout = Layers.samples("pi", 60, 0.05, 2);
    TrainedPredictor current = Retraining.run(snapshot(Layers.samples("pi", 300, 0.05, 1), holdout), null,
        PredictorKind.GRADIENT_BOOSTED_TREES, OPTIONS, rule, 1).candidate();
    // When the candidate's training data has its latencies shuffled across layers (it cannot learn the law)
    List<LayerLatencySample> good = Layers.samples("pi", 400, 0.05, 3);
    List<Double> latencies = new ArrayList<>(good.stream().map(LayerLatencySample::latencyMs).toList());
    Collections.shuffle(latencies, new Random(7));
    List<LayerLatencySample> scrambled = new ArrayList<>();
    for (int i = 0; i < good.size(); i++) {
      scrambled.add(new LayerLatencySample("pi", good.get(i).features(), latencies.get(i)));
    }
    Retraining.RetrainOutcome out = Retraining.run(snapshot(scrambled, holdout), current,
        PredictorKind.GRADIENT_BOOSTED_TREES, OPTIONS, rule, 2);
    // Then it is rejected, and both were judged on the same hold-out
    assertThat(out.accepted()).isFalse();
    assertThat(out.verdict().reason()).startsWith("layers: worse");
    assertThat(out.verdict().current().count()).isEqualTo(out.verdict().candidate().count()).isEqualTo(60);
    assertThat(out.verdict().candidate().mape()).isGreaterThan(out.verdict().current().mape());
  }

  @Test
  void candidateOnMoreOfTheSameDataIsNotWorse() {
    // Given a current predictor trained on 150 samples
    List<LayerLatencySample> all = Layers.samples("pi", 600, 0.05, 1);
    List<LayerLatencySample> holdout = Layers.samples("pi", 80, 0.05, 2);
    TrainedPredictor current = Retraining.run(snapshot(all.subList(0, 150), holdout), null,
        PredictorKind.GRADIENT_BOOSTED_TREES, OPTIONS, rule, 1).candidate();
    // When retrained on 600 samples of the same law
    Retraining.RetrainOutcome out = Retraining.run(snapshot(all, holdout), current,
        PredictorKind.GRADIENT_BOOSTED_TREES, OPTIONS, rule, 2);
    // Then it is accepted as version 2
    assertThat(out.accepted()).as(out.verdict().reason()).isTrue();
    assertThat(out.candidate().version()).isEqualTo(2);
  }

  @Test
  void withinTenPercentRuleComparesTheOtherWayRound() {
    // Given hold-out metrics where the candidate has a lower share within 10% than the current one
    AccuracyMetrics current = new AccuracyMetrics(50, 1.0, 0.10, 0.5, 0.70);
    AccuracyMetrics candidate = new AccuracyMetrics(50, 1.0, 0.08, 0.5, 0.66);
    // When judged by the share within 10%, strictly and with a tolerance of 0.05
    // Then strict rejects it (even though its MAPE is lower), the tolerance accepts it
    AcceptanceRule strict = new AcceptanceRule(AcceptanceRule.Metric.WITHIN_10_PCT, 0);
    assertThat(strict.judge(candidate, current, null).accepted()).isFalse();
    assertThat(new AcceptanceRule(AcceptanceRule.Metric.WITHIN_10_PCT, 0.05).judge(candidate, current, null)
        .accepted()).isTrue();
    assertThat(AcceptanceRule.notWorseMape().judge(candidate, current, null).accepted()).isTrue();
    assertThat(strict.judge(candidate, null, "kind CONV never seen").reason()).contains("cannot be used");
    assertThat(candidate.mape()).isCloseTo(0.08, offset(1e-12));
  }

  private static TrainingSnapshot snapshot(List<LayerLatencySample> training, List<LayerLatencySample> holdout) {
    return new TrainingSnapshot("pi", training, holdout, training.size(), 0, false);
  }
}
