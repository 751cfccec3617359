package io.jointcs.latency.training;

import io.jointcs.latency.prediction.AccuracyMetrics;
import io.jointcs.latency.prediction.InvocationOverhead;
import io.jointcs.latency.prediction.LatencyPredictor;
import io.jointcs.latency.prediction.ModelLatencyObservation;
import io.jointcs.latency.prediction.OverheadFit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The invocation overhead of a freshly trained layer predictor, fitted from measured whole models, heads and tails
 * of its device class, and the whole-model error of a predictor on held-out models.
 *
 * <p>The overhead is fitted against the <b>predictor's</b> layer sums (not layers measured one by one, which
 * telemetry does not carry per model): {@code measured = predicted layer sum + overhead}, so what the published
 * predictor says for a whole model, head or tail is what the fit was made for. The term set is chosen by
 * leave-one-model-out cross-validation over the training models ({@link OverheadFit#select}), every term >= 0.
 */
public final class WholeModelFit {
  /** Distinct training models an overhead fit needs (leave-one-model-out needs at least 3). */
  public static final int MIN_MODELS = 3;

  private WholeModelFit() {}

  /**
   * @param predictor the layer predictor with the fitted overhead; the input unchanged when none was fitted
   * @param selection the chosen terms and their cross-validated errors; null when none was fitted
   * @param note what was done, for logs and reports
   */
  public record Result(LatencyPredictor predictor, OverheadFit.Selection selection, String note) {
    public boolean fitted() {
      return selection != null;
    }
  }

  /**
   * Fits the overhead of {@code predictor} on {@code training}; when there are fewer than {@link #MIN_MODELS}
   * models or no term set can be fitted, the predictor keeps no overhead ({@link InvocationOverhead#NONE}) and the
   * note says why.
   */
  public static Result fit(LatencyPredictor predictor, List<ModelMeasurement> training) {
    long models = training.stream().map(ModelMeasurement::modelName).distinct().count();
    if (models < MIN_MODELS) {
      return new Result(predictor.withOverhead(InvocationOverhead.NONE), null, String.format(Locale.ROOT,
          "no invocation overhead fitted: %d measurements of %d training models, %d models needed",
          training.size(), models, MIN_MODELS));
    }
    List<ModelLatencyObservation> observations = new ArrayList<>(training.size());
    LatencyPredictor bare = predictor.withOverhead(InvocationOverhead.NONE);
    for (ModelMeasurement m : training) {
      observations.add(m.observation(bare));
    }
    OverheadFit.Selection selection;
    try {
      selection = OverheadFit.select(observations, OverheadFit.cpuCandidates());
    } catch (IllegalArgumentException e) {
      return new Result(bare, null, "no invocation overhead fitted: " + e.getMessage());
    }
    double cv = selection.crossValidatedMape().getOrDefault(selection.terms().toString(), Double.NaN);
    return new Result(bare.withOverhead(selection.overhead()), selection, String.format(Locale.ROOT,
        "invocation overhead %s fitted on %d measurements of %d training models (terms %s, leave-one-model-out "
            + "MAPE %.1f%%)", selection.overhead().describe(), training.size(), models, selection.terms(),
        100 * cv));
  }

  /** Whole-model (head, tail) error of {@code predictor}: its invocation predictions against the measurements. */
  public static AccuracyMetrics evaluate(LatencyPredictor predictor, List<ModelMeasurement> measurements) {
    double[] measured = new double[measurements.size()];
    double[] predicted = new double[measurements.size()];
    for (int i = 0; i < measured.length; i++) {
      measured[i] = measurements.get(i).latencyMs();
      predicted[i] = measurements.get(i).predict(predictor).latencyMs();
    }
    return AccuracyMetrics.of(measured, predicted);
  }
}
