package io.jointcs.latency.training;

import io.jointcs.latency.prediction.AccuracyMetrics;
import io.jointcs.latency.prediction.LatencyPredictor;
import io.jointcs.latency.prediction.PredictorKind;
import io.jointcs.latency.prediction.PredictorTrainer;
import io.jointcs.latency.prediction.TrainedPredictor;
import io.jointcs.latency.prediction.ValidationMetrics;
import java.time.Duration;

/**
 * One retraining of a device class: train a candidate on the snapshot's training part, judge it and the current
 * predictor on the same hold-out, and let the {@link AcceptanceRule} decide. CPU-bound (XGBoost): callers run it
 * on a worker, never on a consumer's thread.
 */
public final class Retraining {
  private Retraining() {}

  /**
   * @param current the current predictor of the class, null when it has none
   * @param nextVersion version the candidate gets if accepted
   */
  public static RetrainOutcome run(TrainingSnapshot snapshot, TrainedPredictor current, PredictorKind kind,
      PredictorTrainer.Options options, AcceptanceRule rule, long nextVersion) {
    if (snapshot.training().isEmpty() || snapshot.holdout().isEmpty()) {
      throw new IllegalArgumentException("retraining " + snapshot.deviceClass() + " needs training and held-out "
          + "samples, got " + snapshot.training().size() + " and " + snapshot.holdout().size());
    }
    long start = System.nanoTime();
    LatencyPredictor candidate = PredictorTrainer.fit(kind, snapshot.training(), options);
    AccuracyMetrics candidateHeld = PredictorTrainer.evaluate(candidate, snapshot.holdout());
    AccuracyMetrics currentHeld = null;
    String currentProblem = null;
    if (current != null) {
      try {
        currentHeld = PredictorTrainer.evaluate(current.predictor(), snapshot.holdout());
      } catch (RuntimeException e) {
        // e.g. a kind it has no model for: a predictor that cannot answer is worse than one that can
        currentProblem = e.getMessage();
      }
    }
    AcceptanceRule.Verdict verdict = rule.judge(candidateHeld, currentHeld, currentProblem);
    TrainedPredictor trained = new TrainedPredictor(candidate, nextVersion,
        ValidationMetrics.of(candidateHeld, snapshot.training().size()));
    return new RetrainOutcome(snapshot.deviceClass(), trained, verdict, snapshot.training().size(),
        snapshot.holdout().size(), Duration.ofNanos(System.nanoTime() - start));
  }

  /**
   * @param candidate the trained candidate with its hold-out metrics (published only when accepted)
   * @param trainingTime wall time of training and judging
   */
  public record RetrainOutcome(String deviceClass, TrainedPredictor candidate, AcceptanceRule.Verdict verdict,
      int trainingSamples, int holdoutSamples, Duration trainingTime) {
    public boolean accepted() {
      return verdict.accepted();
    }
  }
}
