package io.jointcs.plans;

import io.jointcs.search.TargetCut;

/**
 * The outcome of re-placing a device's current model under new conditions (network or predictor).
 *
 * @param current the plan the device runs
 * @param currentCutNow T at the current cut point under the new conditions
 * @param bestCutNow the best cut under the new conditions
 * @param improvementRatio (T(current cut) - T(best cut)) / T(current cut), in [0, 1)
 * @param hysteresisRatio the improvement a new plan needs
 * @param newPlan the plan to publish, null when the improvement does not clear the hysteresis
 * @param explanation what was compared and what was decided, for logs and the plan's reason text
 */
public record Resegmentation(DevicePlan current, TargetCut currentCutNow, TargetCut bestCutNow,
    double improvementRatio, double hysteresisRatio, DevicePlan newPlan, String explanation) {

  public boolean changed() {
    return newPlan != null;
  }
}
