package io.jointcs.cli.demo;

import java.util.List;
import java.util.Map;

/**
 * What the service-level demo measured and read from the services and topics; printed as tables and written as
 * {@code demo-report.json}. Every number is a measurement or a field of an event or service answer.
 */
public record DemoReport(
    String budget,
    String runDir,
    String dataset,
    String baseModelSha256,
    List<ServiceView> services,
    List<AgentView> agents,
    List<PredictorView> predictors,
    SearchView search,
    List<PlanView> plansAfterSearch,
    List<PlanView> plans,
    Resegmentation resegmentation,
    Map<String, Double> phaseSeconds,
    String emulationNote) {

  /** A started service. Unit of readySec: s from its start. */
  public record ServiceView(String name, String url, double readySec, String log) {}

  /** A started agent: its class and EMULATED link. */
  public record AgentView(String deviceId, String deviceClass, int adminPort, double initialUplinkMbps, double rttMs,
      String log) {}

  /** The predictor of a class as predictor-training serves it. Unit of mape: ratio (0.05 = 5%). */
  public record PredictorView(String deviceClass, long version, long trainingSamples, long validationSamples,
      double mape, boolean emulated) {}

  /** The search as the orchestrator reports it. */
  public record SearchView(String searchId, String status, String outcome, int steps, int candidatesEvaluated,
      double wallSec, List<SeriesEntry> series, String frontSvg, String error) {}

  /** One model of the series; latency per target (device class @ network) as predicted by the pinned predictors. */
  public record SeriesEntry(String candidateId, int step, double accuracy, String artifactSha256,
      List<Placement> placements) {}

  /** Best cut of a model for one target, predicted. Units: ms. */
  public record Placement(String target, int cutPoint, int blockCount, double deviceMs, double transferMs,
      double edgeMs, double totalMs) {}

  /**
   * A DeploymentPlan as read from jointcs.plans, with what the agent said it runs (GET /status). Units: ms,
   * bytes/s; appliedVersion is -1 when the agent had not applied a plan when asked.
   */
  public record PlanView(String deviceId, String deviceClass, long version, String modelSha256, int cutPoint,
      int blockCount, String assumedNetwork, double assumedMbps, double assumedRttMs, double predictedDeviceMs,
      double predictedTransferMs, double predictedEdgeMs, double predictedTotalMs, double expectedAccuracy,
      String reason, String reasonText, boolean emulated, long appliedVersion, String agentMeasuredLatency) {}

  /**
   * The bandwidth change and what followed. Units: ms, Mbit/s. reactionMs runs from the POST /link (the change of
   * the EMULATED link) to the new plan's arrival on jointcs.plans; fromNetworkChangeMs from the first NetworkChange
   * event of the device after the link change to the same arrival; appliedAfterMs from the link change to the agent
   * running the new plan (-1 when not seen).
   */
  public record Resegmentation(String deviceId, double fromMbps, double toMbps, PlanView before, PlanView after,
      int networkChanges, Double reactionMs, Double fromNetworkChangeMs, Double appliedAfterMs, String note) {}
}
