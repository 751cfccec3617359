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
    Goal goal,
    Reaction reaction,
    Memory memory,
    Map<String, Double> phaseSeconds,
    String emulationNote) {

  /**
   * The latency goal of the search and the plans. Units: ms. baseWorstMs is the base model's predicted latency at
   * its best cut on the slowest target (by the published predictors, as the orchestrator computes it).
   */
  public record Goal(double goalMs, String source, Double baseWorstMs, String baseWorstTarget) {}

  /** Summary of one reaction figure. Units: ms. p99 is by nearest rank: of fewer than 100 values, the maximum. */
  public record Percentiles(int count, double medianMs, double p99Ms, double minMs, double maxMs, double meanMs) {}

  /**
   * One network change and the plan that followed. Units: Mbit/s, epoch ms, ms. linkToPlanMs: POST /link to the
   * plan's arrival on jointcs.plans at the demo's consumer; firstChangeToPlanMs: the first NetworkChange detected
   * after the link change (its detectedAtEpochMs) to that arrival; triggerChangeToPlanMs: the last NetworkChange
   * detected before the plan was made (the one it answers) to that arrival; triggerChangeToPlanRecordMs: the same
   * change to the plan record's own timestamp; planRecordToArrivalMs: record timestamp to arrival. Null: no plan.
   */
  public record ReactionSample(int index, double fromMbps, double toMbps, long linkChangedAtEpochMs,
      int networkChangeEvents, Double linkToPlanMs, Double firstChangeToPlanMs, Double triggerChangeToPlanMs,
      Double triggerChangeToPlanRecordMs, Double planRecordToArrivalMs, Long planVersion, int cutBefore,
      int cutAfter) {}

  /** Repeated network changes of one device and the reaction to each. loadAverage: 1-minute, before and after. */
  public record Reaction(String deviceId, double highMbps, double lowMbps, double rttMs, int changes, int missed,
      long settleMs, Percentiles linkToPlan, Percentiles firstChangeToPlan, Percentiles triggerChangeToPlan,
      Percentiles triggerChangeToPlanRecord, double loadAverageBefore, double loadAverageAfter,
      List<ReactionSample> samples) {}

  /**
   * Resident memory (VmRSS from /proc/PID/status) of each process, by phase. Units: bytes. idle: after every service
   * answered ready, before the agents start; search: the maximum while the search ran (compression-execution
   * evaluating candidates); load: idle just before and maximum and mean during the ingestion load that
   * load-tests/run ingest drove (its report: loadReport). The broker runs inside the demo's JVM (with the plan
   * watcher and the demo itself): its figure is that JVM's.
   */
  public record Memory(Map<String, Long> idleRssBytes, double idleLoadAverage, Map<String, Long> searchMaxRssBytes,
      double searchLoadAverageMax, Map<String, Long> loadIdleRssBytes, Map<String, Long> loadMaxRssBytes,
      Map<String, Long> loadMeanRssBytes, String loadCommand, String loadReport, String loadSummary, String note) {}

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
