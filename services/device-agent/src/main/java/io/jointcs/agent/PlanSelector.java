package io.jointcs.agent;

import io.jointcs.events.DeploymentPlan;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks this device's plan out of what the plans topic (or endpoint) delivers: records of other devices are
 * ignored, and of this device's plans the one with the highest planVersion wins, whatever order they arrive in
 * (a compacted topic read from the beginning may still hold older versions next to the newest).
 */
final class PlanSelector {
  private static final Logger log = LoggerFactory.getLogger(PlanSelector.class);

  private final String deviceId;
  private DeploymentPlan latest;

  PlanSelector(String deviceId) {
    this.deviceId = deviceId;
  }

  /**
   * Considers one record.
   *
   * @param key the record key (the device id on jointcs.plans); null for a plan fetched over HTTP
   * @param plan the decoded value; null for a tombstone
   * @return true when it became the latest plan of this device
   */
  synchronized boolean offer(String key, DeploymentPlan plan) {
    if (key != null && !key.equals(deviceId)) {
      return false;
    }
    if (plan == null) {
      log.info("plan of device {} was deleted (tombstone); the running plan stays in force", deviceId);
      return false;
    }
    if (!deviceId.equals(plan.getDeviceId())) {
      log.warn("ignoring plan v{} keyed '{}' that names device '{}', not this device {}", plan.getPlanVersion(), key,
          plan.getDeviceId(), deviceId);
      return false;
    }
    if (latest != null && plan.getPlanVersion() <= latest.getPlanVersion()) {
      return false;
    }
    latest = plan;
    return true;
  }

  synchronized Optional<DeploymentPlan> latest() {
    return Optional.ofNullable(latest);
  }

  /** A device applies a plan only if its version is higher than the one it runs (-1: none runs). */
  static boolean shouldApply(DeploymentPlan candidate, long runningVersion) {
    return candidate != null && candidate.getPlanVersion() > runningVersion;
  }
}
