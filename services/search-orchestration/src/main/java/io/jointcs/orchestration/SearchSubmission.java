package io.jointcs.orchestration;

import io.jointcs.events.FineTuneBudget;
import io.jointcs.events.NetworkCondition;
import io.jointcs.events.SearchConstraints;
import io.jointcs.events.SearchRequest;
import io.jointcs.events.SearchStrategy;
import java.util.List;
import java.util.UUID;

/**
 * The body of {@code POST /searches}. Optional numbers left out take the defaults below.
 *
 * @param searchId optional; a new UUID when missing. Re-sending an id that exists does not start a second search
 * @param baseModelSha256 the FULL model artifact to start from (sha256 in the artifact store)
 * @param architecture an architecture to train first instead (not offered by the executors: answered 400)
 * @param strategy {@code greedy} (default) or {@code beam}
 * @param beamWidth states kept per step with {@code beam} (default 2)
 * @param latencyTargetMs the end-to-end latency goal of every (device class, network) target, ms
 * @param latencyReductionStep tau = T_prev (1 - step) per step (default 0.1)
 * @param minAccuracy accuracy floor (default 0)
 * @param maxSteps default 50
 * @param maxCandidateEvaluations default 0 = no limit
 * @param maxWallTimeMs default 0 = no limit
 * @param fineTune the per-candidate fine-tuning budget (default 100 steps of 64 at learning rate 0.01)
 * @param seed default 0
 */
public record SearchSubmission(String searchId, String baseModelSha256, String architecture, String datasetId,
    List<String> deviceClasses, String edgeClass, List<Network> networkConditions, Double latencyTargetMs,
    Double latencyReductionStep, Double minAccuracy, String strategy, Integer beamWidth, Integer maxSteps,
    Integer maxCandidateEvaluations, Long maxWallTimeMs, FineTune fineTune, Long seed) {

  /** A network condition to cut for. */
  public record Network(String name, double uplinkBandwidthBytesPerSec, double rttMs) {}

  /** Fine-tuning of each candidate. */
  public record FineTune(int optimizerSteps, int batchSize, double learningRate) {}

  /** The SearchRequest event; throws IllegalArgumentException naming a missing or bad field. */
  public SearchRequest toRequest(long nowEpochMs) {
    if (architecture != null && baseModelSha256 == null) {
      // the event can say it, but no executor trains from scratch: say so before anything is published
      throw new IllegalArgumentException("architecture '" + architecture + "': training a base model from scratch is "
          + "not a step the compression executors offer; train with ./jointcs train, export the model and pass "
          + "baseModelSha256");
    }
    require(baseModelSha256 != null && baseModelSha256.matches("[0-9a-f]{64}"),
        "baseModelSha256 must be the 64 lower-case hex digits of a FULL model artifact");
    require(datasetId != null && !datasetId.isBlank(), "datasetId is missing (e.g. 'cifar10')");
    require(deviceClasses != null && !deviceClasses.isEmpty(), "deviceClasses is missing");
    require(edgeClass != null && !edgeClass.isBlank(), "edgeClass is missing");
    require(networkConditions != null && !networkConditions.isEmpty(), "networkConditions is missing");
    require(latencyTargetMs != null, "latencyTargetMs is missing");
    String kind = strategy == null ? "greedy" : strategy;
    require(kind.equals("greedy") || kind.equals("beam"), "strategy must be 'greedy' or 'beam', got '" + kind + "'");
    int beam = kind.equals("greedy") ? 1 : beamWidth == null ? 2 : beamWidth;
    FineTune ft = fineTune == null ? new FineTune(100, 64, 0.01) : fineTune;
    return SearchRequest.newBuilder()
        .setSearchId(searchId == null || searchId.isBlank() ? UUID.randomUUID().toString() : searchId)
        .setBaseModel(HeadArtifacts.ref(baseModelSha256, 0))
        .setDatasetId(datasetId)
        .setStrategy(SearchStrategy.JOINT)
        .setDeviceClasses(List.copyOf(deviceClasses))
        .setEdgeDeviceClass(edgeClass)
        .setNetworkConditions(networkConditions.stream().map(n -> NetworkCondition.newBuilder().setName(n.name())
            .setUplinkBandwidthBytesPerSec(n.uplinkBandwidthBytesPerSec()).setRttMs(n.rttMs()).build()).toList())
        .setConstraints(SearchConstraints.newBuilder()
            .setLatencyTargetMs(latencyTargetMs)
            .setMinAccuracy(minAccuracy == null ? 0 : minAccuracy)
            .setLatencyReductionStep(latencyReductionStep == null ? 0.1 : latencyReductionStep)
            .setBeamWidth(beam)
            .setMaxSteps(maxSteps == null ? 50 : maxSteps)
            .setMaxCandidateEvaluations(maxCandidateEvaluations == null ? 0 : maxCandidateEvaluations)
            .setMaxWallTimeMs(maxWallTimeMs == null ? 0 : maxWallTimeMs)
            .setAllowCutQuantization(false)
            .build())
        .setFineTuneBudget(FineTuneBudget.newBuilder().setOptimizerSteps(ft.optimizerSteps())
            .setBatchSize(ft.batchSize()).setLearningRate(ft.learningRate()).build())
        .setSeed(seed == null ? 0 : seed)
        .setRequestedAtEpochMs(nowEpochMs)
        .build();
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

}
