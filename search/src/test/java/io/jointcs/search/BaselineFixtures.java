package io.jointcs.search;

/** Opens the package-private fixtures to the baseline and report tests. */
public final class BaselineFixtures {
  private BaselineFixtures() {}

  public static SearchProblem piOverSlowLink(LatencyGoal goal) {
    return Fixtures.problem(Fixtures.piOverSlowLink(goal));
  }

  public static SearchProblem piAndJetson(LatencyGoal goal) {
    return Fixtures.problem(Fixtures.piOverSlowLink(goal), Fixtures.jetsonOverWifi(goal));
  }

  public static SearchProblem piOverSlowLink(WidthSpace space, LatencyGoal goal) {
    return Fixtures.problem(space, Fixtures.piOverSlowLink(goal));
  }

  public static AccuracyEvaluator accuracy() {
    return Fixtures.accuracy();
  }

  /** The synthetic accuracy of a model, as the evaluator reports it. */
  public static double accuracyOf(io.jointcs.model.ModelSpec spec, io.jointcs.segmentation.CutQuantization q) {
    return Fixtures.accuracy().accuracy(spec, q);
  }

  public static int evaluatedCount(AccuracyEvaluator evaluator) {
    return ((SyntheticAccuracy) evaluator).evaluatedCount();
  }
}
