package io.jointcs.agent;

/**
 * What {@code GET /status} answers: the plan in force and when it was applied (the demo measures reaction times
 * from it), the emulated link, the last latency window and uplink measurement, telemetry counters.
 */
record AgentStatus(
    String deviceId,
    String deviceClass,
    String edgeMode,
    boolean registered,
    String telemetryRoute,
    String planRoute,
    Link link,
    Plan plan,
    SplitRunner.Report lastLatency,
    Network lastNetwork,
    long requests,
    long failedRequests,
    long telemetryDelivered,
    long telemetryFailed,
    int layersProfiled,
    String lastPlanError,
    String lastError) {

  /** The emulated uplink now; uplinkMbps is null when unshaped. */
  record Link(Double uplinkBytesPerSec, Double uplinkMbps, double rttMs, boolean emulated, String description) {}

  /**
   * The plan in force.
   *
   * @param createdToAppliedMs from the orchestrator's createdAtEpochMs to this device applying it (two clocks; on
   *     one machine, the plan's delivery and switch-over time)
   */
  record Plan(long version, int cutPoint, int blockCount, String model, String modelSha256, String reason,
      String reasonText, long createdAtEpochMs, long appliedAtEpochMs, long createdToAppliedMs, String edge) {}

  record Network(double uplinkBandwidthBytesPerSec, double uplinkMbps, double rttMs, long probeSizeBytes,
      boolean emulated, String edge) {}
}
