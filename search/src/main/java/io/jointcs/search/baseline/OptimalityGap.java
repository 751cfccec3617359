package io.jointcs.search.baseline;

import io.jointcs.search.SearchResult;
import io.jointcs.search.SeriesEntry;

/**
 * How far a method's chosen model is from the exhaustive optimum on the same problem, in accuracy. Meaningful when
 * both meet the goal; then it is non-negative whenever the method searched within the exhaustive width space.
 *
 * @param method the compared method
 * @param optimumAccuracy accuracy of the exhaustive optimum
 * @param methodAccuracy accuracy of the method's chosen model
 * @param accuracyGap optimum minus method
 * @param optimumLatencyRatio normalized latency of the optimum (&lt;= 1 when it meets the goal)
 * @param methodLatencyRatio normalized latency of the method's chosen model
 * @param bothMeetGoal whether both models meet the latency goal (if not, the accuracies are of the fastest models
 *     found, and the gap compares models of different speed)
 */
public record OptimalityGap(String method, double optimumAccuracy, double methodAccuracy, double accuracyGap,
    double optimumLatencyRatio, double methodLatencyRatio, boolean bothMeetGoal) {

  public static OptimalityGap of(SearchResult method, SearchResult exhaustive) {
    if (!ExhaustiveSearch.METHOD.equals(exhaustive.method())) {
      throw new IllegalArgumentException("the reference must be an exhaustive result, got " + exhaustive.method());
    }
    if (!method.initial().equals(exhaustive.initial()) || !method.targets().equals(exhaustive.targets())
        || !method.goalsMs().equals(exhaustive.goalsMs())) {
      throw new IllegalArgumentException(method.method() + " and the exhaustive result solve different problems "
          + "(initial model, targets or goals differ)");
    }
    SeriesEntry optimum = exhaustive.chosen();
    SeriesEntry chosen = method.chosen();
    return new OptimalityGap(method.method(), optimum.reportedAccuracy(), chosen.reportedAccuracy(),
        optimum.reportedAccuracy() - chosen.reportedAccuracy(), optimum.normalizedLatency(),
        chosen.normalizedLatency(), optimum.meetsGoal() && chosen.meetsGoal());
  }
}
