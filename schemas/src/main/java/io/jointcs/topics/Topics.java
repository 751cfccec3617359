package io.jointcs.topics;

import static io.jointcs.topics.TopicSpec.CleanupPolicy.COMPACT;
import static io.jointcs.topics.TopicSpec.CleanupPolicy.DELETE;

import java.time.Duration;
import java.util.List;

/** The catalogue of every topic the platform uses. Services, tests and deployment read it from here. */
public final class Topics {
  private Topics() {}

  private static final String NS = "io.jointcs.events.";

  public static final TopicSpec TELEMETRY_RAW = new TopicSpec(
      "jointcs.telemetry.raw", "device id", NS + "DeviceTelemetry", 6, DELETE, Duration.ofDays(7),
      "telemetry exactly as devices sent it (Avro single-object or Avro JSON), before validation");
  public static final TopicSpec TELEMETRY_REJECTED = new TopicSpec(
      "jointcs.telemetry.rejected", "device id, or 'unknown'", NS + "RejectedTelemetry", 3, DELETE,
      Duration.ofDays(30), "telemetry that failed validation, with the reason and the original bytes");
  public static final TopicSpec PROFILING_SAMPLES = new TopicSpec(
      "jointcs.profiling.samples", "device class", NS + "ProfilingSample", 6, DELETE, Duration.ofDays(90),
      "validated latency samples: the training data of the latency predictors");
  public static final TopicSpec PROFILING_MODEL_SAMPLES = new TopicSpec(
      "jointcs.profiling.model-samples", "device class", NS + "ModelProfilingSample", 3, DELETE,
      Duration.ofDays(90), "validated whole-model, head, tail and end-to-end split latencies: the data the "
          + "predictors' invocation overhead is fitted and whole models are validated on");
  public static final TopicSpec NETWORK_STATE = new TopicSpec(
      "jointcs.network.state", "device id", NS + "NetworkState", 3, COMPACT, null,
      "latest smoothed uplink bandwidth and round-trip time per device");
  public static final TopicSpec NETWORK_CHANGES = new TopicSpec(
      "jointcs.network.changes", "device id", NS + "NetworkChange", 3, DELETE, Duration.ofDays(7),
      "a device's network moved beyond the change threshold; triggers re-segmentation");
  public static final TopicSpec LATENCY_STATISTICS = new TopicSpec(
      "jointcs.latency.statistics", "device class|layer signature (RecordKeys.latencyStatisticsKey)",
      NS + "LatencyStatistics", 6, DELETE, Duration.ofDays(7),
      "windowed latency statistics per device class and layer configuration");
  public static final TopicSpec LATENCY_DRIFT = new TopicSpec(
      "jointcs.latency.drift", "device class", NS + "LatencyDrift", 3, DELETE, Duration.ofDays(30),
      "observed latency departs from the current predictor beyond the drift threshold");
  public static final TopicSpec PREDICTORS = new TopicSpec(
      "jointcs.predictors", "device class", NS + "LatencyPredictor", 3, COMPACT, null,
      "latest accepted latency predictor per device class");
  public static final TopicSpec DEVICES = new TopicSpec(
      "jointcs.devices", "device id", NS + "DeviceRegistration", 3, COMPACT, null,
      "registered devices and their class");
  public static final TopicSpec SEARCH_REQUESTS = new TopicSpec(
      "jointcs.search.requests", "search id", NS + "SearchRequest", 3, DELETE, Duration.ofDays(30),
      "joint searches asked for");
  public static final TopicSpec SEARCH_EVENTS = new TopicSpec(
      "jointcs.search.events", "search id", NS + "SearchEvent", 3, DELETE, null,
      "event-sourced search state machine; kept forever so a restarted orchestrator can rebuild");
  public static final TopicSpec CANDIDATE_REQUESTS = new TopicSpec(
      "jointcs.candidates.requests", "candidate id", NS + "CandidateEvaluationRequest", 12, DELETE,
      Duration.ofDays(7), "candidates to prune, fine-tune and validate; partitions bound executor scale-out");
  public static final TopicSpec CANDIDATE_RESULTS = new TopicSpec(
      "jointcs.candidates.results", "candidate id", NS + "CandidateEvaluationResult", 6, DELETE,
      Duration.ofDays(30), "measured accuracy and artifact of each evaluated candidate");
  public static final TopicSpec PLANS = new TopicSpec(
      "jointcs.plans", "device id", NS + "DeploymentPlan", 6, COMPACT, null,
      "latest deployment plan per device");

  /** Every topic, in a stable order. */
  public static List<TopicSpec> all() {
    return List.of(TELEMETRY_RAW, TELEMETRY_REJECTED, PROFILING_SAMPLES, PROFILING_MODEL_SAMPLES, NETWORK_STATE, NETWORK_CHANGES,
        LATENCY_STATISTICS, LATENCY_DRIFT, PREDICTORS, DEVICES, SEARCH_REQUESTS, SEARCH_EVENTS,
        CANDIDATE_REQUESTS, CANDIDATE_RESULTS, PLANS);
  }
}
