package io.jointcs.cli;

import java.nio.file.Path;

import java.util.List;
import java.util.Locale;

/** {@code bench search} for people: the tables of the report, in Markdown. */
final class BenchSearchText {
  private BenchSearchText() {}

  static String render(BenchSearchCommand.Report r, Path jsonFile) {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "# bench search%s%n%n", r.quick() ? " --quick" : ""));
    s.append(String.format(Locale.ROOT, "Base %s (%s), %d training / %d validation images of %s; targets %s, goal "
        + "%s, %s; steps: first %.0f%% of the latency, then x%.2f per step down to %.0f%%, at most %d; per candidate: "
        + "prune (L1-gamma), %d batch-norm recalibration batches, fine-tune on %d images, "
        + "validate on %d images (one image = %.1f accuracy points). %s.%n%n",
        r.settings().get(0).report().results().get(0).initial().architecture().id(), r.base().substring(0, 12),
        r.trainImages(), r.validationImages(), r.dataset(), r.targets(), r.goal(), r.jointTargets()
            ? "ONE search over every target at once (--joint-targets: the worst target drives every step)"
            : "one search per (device class, uplink) setting", 100 * r.budget().schedule().initialStep(),
        r.budget().schedule().decay(), 100 * r.budget().schedule().minimumStep(), r.budget().maxSteps(),
        r.budget().recalibrationBatches(),
        r.budget().fineTuneImages(), r.budget().validationImages(), 100.0 / r.budget().validationImages(),
        r.latencyNote()));
    BenchSearchCommand.PredictionTrust trust = r.predictionTrust();
    s.append(trust.trustworthy() ? "Predictor check: " : "**WARNING: ").append(trust.statement())
        .append(trust.trustworthy() ? ".\n\n" : ".**\n\n");
    s.append("Latency predictors (whole-model error: each profiled model predicted by a predictor fitted on the "
        + "other models, invocation overhead included):\n\n| device class | batch | kind | source | held-out layer MAPE | "
        + "whole-model error |\n|---|---:|---|---|---:|---:|\n");
    for (SearchLatency.DevicePredictor p : r.predictors()) {
      s.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s%s |%n", p.deviceClass(), p.batchSize(),
          p.kind(), p.source(), p.metrics() == null ? "-" : pct(p.metrics().mape()),
          p.wholeModelMape() == null ? "-" : pct(p.wholeModelMape()),
          p.wholeModelMape() != null && p.wholeModelMape() > trust.threshold() ? " (UNTRUSTWORTHY)" : ""));
    }
    s.append("\nMethods per setting:\n\n| setting | method | steps | candidates evaluated | wall s | goal reached | "
        + "outcome |\n|---|---|---:|---:|---:|---|---|\n");
    for (BenchSearchCommand.MethodCost m : r.methods()) {
      s.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %.0f | %s | %s |%n", m.setting(), m.method(),
          m.steps(), m.candidatesEvaluated(), m.wallTimeMs() / 1000.0, m.goalReached() ? "yes" : "NO", m.message()));
    }
    String predictedHeader = trust.trustworthy() ? "predicted ms" : "predicted ms (UNTRUSTWORTHY)";
    s.append("\nSeries (accuracy, predicted and measured end-to-end latency per request):\n\n"
        + "| setting | method | target | model | accuracy | cut | cut tensor | " + predictedHeader
        + " | measured p50 ms | p90 ms |\n|---|---|---|---|---:|---:|---|---:|---:|---:|\n");
    for (BenchSearchCommand.Point p : r.points()) {
      s.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.4f | %d | %s | %.1f | %s | %s |%n", p.setting(),
          p.method(), p.target(), p.entryId(), p.accuracy(), p.cutPoint(), p.quantization(), p.predictedMs(),
          ms(p.measuredP50Ms()), ms(p.measuredP90Ms())));
    }
    s.append(String.format(Locale.ROOT, "%nAt equal accuracy: for a JointCS model of accuracy a, the baseline's "
        + "latency is that of its fastest model with accuracy >= a - %.1f points (its accuracy-latency Pareto curve); "
        + "the pair counts only if that model is also at most %.1f points more accurate (EQUAL); a faster model more "
        + "accurate by more than that DOMINATES JointCS; otherwise there is no comparable model. Reduction = 1 - "
        + "JointCS / baseline (negative: JointCS is slower); gap = baseline - JointCS accuracy, points. "
        + "'best baseline' is every baseline's models together.%s%n", 100 * EqualAccuracy.TOLERANCE,
        100 * EqualAccuracy.TOLERANCE, trust.trustworthy() ? ""
            : " Predicted reductions are UNTRUSTWORTHY (predictor error above the threshold): read the measured ones."));
    s.append("\nPer target and baseline, the best comparable pair:\n\n");
    pairs(s, r.headline(), trust);
    s.append("\nEvery pair (each JointCS model of the series against each baseline):\n\n");
    pairs(s, r.comparisons(), trust);
    long equal = r.comparisons().stream().filter(c -> c.pairing() == EqualAccuracy.Pairing.EQUAL_ACCURACY
        && !c.baseline().equals(EqualAccuracy.BEST_BASELINE)).count();
    long wins = r.comparisons().stream().filter(c -> c.pairing() == EqualAccuracy.Pairing.EQUAL_ACCURACY
        && !c.baseline().equals(EqualAccuracy.BEST_BASELINE) && c.predictedReduction() > 0).count();
    long measuredWins = r.comparisons().stream().filter(c -> c.pairing() == EqualAccuracy.Pairing.EQUAL_ACCURACY
        && !c.baseline().equals(EqualAccuracy.BEST_BASELINE) && c.measuredReduction() != null
        && c.measuredReduction() > 0).count();
    long dominated = r.comparisons().stream().filter(c -> c.pairing() == EqualAccuracy.Pairing.BASELINE_DOMINATES
        && !c.baseline().equals(EqualAccuracy.BEST_BASELINE)).count();
    long dominating = r.comparisons().stream().filter(c -> c.pairing() == EqualAccuracy.Pairing.JOINTCS_DOMINATES
        && !c.baseline().equals(EqualAccuracy.BEST_BASELINE)).count();
    long dominatingMeasured = r.comparisons().stream().filter(c -> c.pairing()
        == EqualAccuracy.Pairing.JOINTCS_DOMINATES && !c.baseline().equals(EqualAccuracy.BEST_BASELINE)
        && c.measuredReduction() != null && c.measuredReduction() > 0).count();
    long none = r.comparisons().stream().filter(c -> c.pairing() == EqualAccuracy.Pairing.NO_COMPARABLE_MODEL
        && !c.baseline().equals(EqualAccuracy.BEST_BASELINE)).count();
    s.append(String.format(Locale.ROOT, "%nOver the %d (JointCS model, baseline) pairs: %d at equal accuracy, of "
        + "which JointCS is faster in %d predicted%s and %d measured; %d where JointCS is more accurate by more than "
        + "the tolerance and no slower than the baseline's most accurate model (JOINTCS BETTER; faster measured in "
        + "%d); %d dominated by a baseline model; %d with no comparable model.%n", r.comparisons().stream()
            .filter(c -> !c.baseline().equals(EqualAccuracy.BEST_BASELINE)).count(), equal, wins,
        trust.trustworthy() ? "" : " (UNTRUSTWORTHY)", measuredWins, dominating, dominatingMeasured, dominated, none));
    s.append("\nSearch cost:\n\n| architecture | groups | beam | evaluator | steps | candidates | search wall s | "
        + "s per real candidate | est. real wall s |\n|---|---:|---:|---|---:|---:|---:|---:|---:|\n");
    for (BenchSearchCommand.CostRow c : r.cost()) {
      s.append(String.format(Locale.ROOT, "| %s | %d | %d | %s | %d | %d | %.2f | %.2f | %.0f |%n", c.architecture(),
          c.channelGroups(), c.beamWidth(), c.evaluator(), c.steps(), c.candidatesEvaluated(),
          c.searchWallMs() / 1000.0, c.secondsPerRealCandidate(), c.estimatedRealWallSeconds()));
    }
    s.append('\n').append(r.costNote()).append('\n');
    BenchSearchCommand.Optimality o = r.optimality();
    s.append(String.format(Locale.ROOT, "%nOptimality gap (%s; %d combinations, all evaluated with the real "
        + "evaluator): exhaustive optimum accuracy %.4f (normalized latency %.3f), JointCS greedy %.4f (%.3f) after "
        + "%d candidates: gap %.2f points%s.%n", o.space(), o.combinations(), o.gap().optimumAccuracy(),
        o.gap().optimumLatencyRatio(), o.gap().methodAccuracy(), o.gap().methodLatencyRatio(), o.jointCandidates(),
        100 * o.gap().accuracyGap(), o.gap().bothMeetGoal() ? "" : " (NOT both meeting the goal: models of different "
            + "speed)"));
    s.append(String.format(Locale.ROOT, "%n%d plans run for real; %d evaluations reused; %.0f s in all. Plots: %s%n"
        + "JSON: %s%n", r.plansMeasured(), r.evaluationsReused(), r.wallSeconds(), r.plots().stream()
            .map(p -> Path.of(p).getFileName().toString()).toList(), jsonFile));
    return s.toString();
  }

  private static void pairs(StringBuilder s, List<EqualAccuracy> rows, BenchSearchCommand.PredictionTrust trust) {
    s.append("| target | baseline | JointCS model (acc.) | pairing | baseline model (acc.) | gap pts | JointCS pred. ms "
        + "| baseline pred. ms | pred. reduction" + (trust.trustworthy() ? "" : " (UNTRUSTWORTHY)")
        + " | JointCS meas. ms | baseline meas. ms | meas. reduction |\n"
        + "|---|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (EqualAccuracy c : rows) {
      boolean none = c.pairing() == EqualAccuracy.Pairing.NO_COMPARABLE_MODEL;
      s.append(String.format(Locale.ROOT, "| %s | %s | %s%s (%.4f) | %s | %s | %s | %.1f | %s | %s | %s | %s | %s |%n",
          c.target(), c.baseline(), c.jointId(), c.chosen() ? " (chosen)" : "", c.jointAccuracy(), none
              ? "no comparable model" : pairingLabel(c.pairing()),
          none ? "-" : String.format(Locale.ROOT, "%s%s (%.4f)", c.baseline().equals(EqualAccuracy.BEST_BASELINE)
              ? c.baselineMethod() + " " : "", c.baselineId(), c.baselineAccuracy()),
          none ? "-" : String.format(Locale.ROOT, "%+.1f", 100 * c.accuracyGap()), c.jointPredictedMs(),
          ms(c.baselinePredictedMs()), pct(c.predictedReduction()), ms(c.jointMeasuredMs()),
          ms(c.baselineMeasuredMs()), pct(c.measuredReduction())));
    }
  }

  private static String pairingLabel(EqualAccuracy.Pairing pairing) {
    return switch (pairing) {
      case EQUAL_ACCURACY -> "EQUAL";
      case BASELINE_DOMINATES -> "DOMINATES";
      case JOINTCS_DOMINATES -> "JOINTCS BETTER";
      case NO_COMPARABLE_MODEL -> "no comparable model";
    };
  }

  private static String ms(Double value) {
    return value == null ? "-" : String.format(Locale.ROOT, "%.1f", value);
  }

  private static String pct(Double value) {
    return value == null ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * value);
  }

}
