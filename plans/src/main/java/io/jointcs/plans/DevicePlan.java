package io.jointcs.plans;

import io.jointcs.events.PlanReason;
import io.jointcs.search.NetworkLink;
import io.jointcs.search.TargetCut;

/**
 * What one device runs: a model, cut for the network it was planned under, with the latency the predictors give.
 * The domain half of the {@code DeploymentPlan} event.
 *
 * @param deviceId the device
 * @param deviceClass its class, whose predictor gave the head latency
 * @param version increases with every plan of this device; a device applies only a higher version
 * @param model the model
 * @param cut cut point and predicted end-to-end latency under {@code assumedNetwork}
 * @param assumedNetwork the uplink the cut was chosen for
 * @param reason why the plan was issued
 * @param reasonText the same for a person, with the numbers that triggered it
 * @param createdAtEpochMs planner clock
 */
public record DevicePlan(String deviceId, String deviceClass, long version, DeployableModel model, TargetCut cut,
    NetworkLink assumedNetwork, PlanReason reason, String reasonText, long createdAtEpochMs) {

  public DevicePlan {
    if (deviceId == null || deviceId.isBlank() || deviceClass == null || deviceClass.isBlank()) {
      throw new IllegalArgumentException("a plan needs a device id and a device class");
    }
    if (version < 1) {
      throw new IllegalArgumentException("plan version of device '" + deviceId + "' must be >= 1, got " + version);
    }
    if (model == null || cut == null || assumedNetwork == null || reason == null || reasonText == null) {
      throw new IllegalArgumentException("plan " + version + " of device '" + deviceId
          + "' needs a model, a cut, an assumed network and a reason");
    }
    if (cut.cutPoint() < 0) {
      throw new IllegalArgumentException("plan " + version + " of device '" + deviceId + "' has cut point "
          + cut.cutPoint());
    }
  }

  /** The end-to-end latency the plan was made for. */
  public double predictedLatencyMs() {
    return cut.latencyMs();
  }
}
