package io.jointcs.search;

import java.util.List;

/**
 * A model's predicted latency on every target under one cut policy.
 *
 * @param cuts the chosen cut of every target, in target order
 * @param normalizedLatency the aggregate of T_t / goal_t over the targets: &lt;= 1 means the goal is met
 */
public record Assessment(List<TargetCut> cuts, double normalizedLatency) {

  public Assessment {
    cuts = List.copyOf(cuts);
  }

  public boolean meetsGoal() {
    return normalizedLatency <= 1.0;
  }
}
