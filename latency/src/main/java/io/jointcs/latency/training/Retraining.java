package io.jointcs.latency.training;

import io.jointcs.latency.prediction.AccuracyMetrics;
import io.jointcs.latency.prediction.LatencyPredictor;
import io.jointcs.latency.prediction.PredictorKind;
import io.jointcs.latency.prediction.PredictorTrainer;
import io.jointcs.latency.prediction.TrainedPredictor;
import io.jointcs.latency.prediction.ValidationMetrics;
import java.time.Duration;

/**
 * One retraining of a device class: train a candidate on the snapshot's training part, fit its invocation overhead
 * on the class's measured whole models, heads and tails of training models ({@link WholeModelFit}), judge it and
 * the current predictor on the same hold-outs - layer by layer, and end to end on held-out models where there are
 * model measurements - and let the {@link AcceptanceRule} decide: the candidate must be not worse on both.
 * CPU-bound (XGBoost): callers run it on a worker, never on a consumer's thread.
 */
public final class Retraining {
  private Retraining() {}

  /** Without model measurements: no overhead is fitted and only layers are judged. */
  public static RetrainOutcome run(TrainingSnapshot snapshot, TrainedPredictor current, PredictorKind kind,
      PredictorTrainer.Options options, AcceptanceRule rule, long nextVersion) {
    return run(snapshot, ModelSnapshot.NONE, current, kind, options, rule, nextVersion);
  }

  /**
   * @param models the class's model measurements (training models fit the overhead, held-out ones judge)
   * @param current the current predictor of the class, null when it has none
   * @param nextVersion version the candidate gets if accepted
   */
  public static RetrainOutcome run(TrainingSnapshot snapshot, ModelSnapshot models, TrainedPredictor current,
      PredictorKind kind, PredictorTrainer.Options options, AcceptanceRule rule, long nextVersion) {
    if (snapshot.training().isEmpty() || snapshot.holdout().isEmpty()) {
      throw new IllegalArgumentException("retraining " + snapshot.deviceClass() + " needs training and held-out "
          + "samples, got " + snapshot.training().size() + " and " + snapshot.holdout().size());
    }
    long start = System.nanoTime();
    LatencyPredictor layersOnly = PredictorTrainer.fit(kind, snapshot.training(), options);
    WholeModelFit.Result overhead = WholeModelFit.fit(layersOnly, models.training());
    LatencyPredictor candidate = overhead.predictor();
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
    AcceptanceRule.Verdict layers = rule.judge(candidateHeld, currentHeld, currentProblem);
    AcceptanceRule.Verdict wholeModels = null;
    if (!models.holdout().isEmpty()) {
      AccuracyMetrics candidateWhole = WholeModelFit.evaluate(candidate, models.holdout());
      AccuracyMetrics currentWhole = null;
      String currentWholeProblem = null;
      if (current != null) {
        try {
          currentWhole = WholeModelFit.evaluate(current.predictor(), models.holdout());
        } catch (RuntimeException e) {
          currentWholeProblem = e.getMessage();
        }
      }
      wholeModels = rule.judge(candidateWhole, currentWhole, currentWholeProblem);
    }
    boolean accepted = layers.accepted() && (wholeModels == null || wholeModels.accepted());
    String reason = "layers: " + layers.reason()
        + (wholeModels == null ? "; whole models: no held-out model measurements"
            : "; whole models: " + wholeModels.reason())
        + "; " + overhead.note();
    AcceptanceRule.Verdict verdict = new AcceptanceRule.Verdict(accepted, reason, layers.candidate(),
        layers.current());
    TrainedPredictor trained = new TrainedPredictor(candidate, nextVersion,
        ValidationMetrics.of(candidateHeld, snapshot.training().size()));
    return new RetrainOutcome(snapshot.deviceClass(), trained, verdict, snapshot.training().size(),
        snapshot.holdout().size(), Duration.ofNanos(System.nanoTime() - start), wholeModels, overhead,
        models.training().size(), models.holdout().size());
  }

  /**
   * @param candidate the trained candidate with its layer hold-out metrics (published only when accepted)
   * @param verdict the combined verdict; its metrics are the layer hold-out's
   * @param trainingTime wall time of training and judging
   * @param wholeModels the verdict on held-out whole models, heads and tails; null when there were none
   * @param overhead how the candidate's invocation overhead was fitted (or why not)
   */
  public record RetrainOutcome(String deviceClass, TrainedPredictor candidate, AcceptanceRule.Verdict verdict,
      int trainingSamples, int holdoutSamples, Duration trainingTime, AcceptanceRule.Verdict wholeModels,
      WholeModelFit.Result overhead, int trainingModelSamples, int holdoutModelSamples) {
    public boolean accepted() {
      return verdict.accepted();
    }
  }
}
