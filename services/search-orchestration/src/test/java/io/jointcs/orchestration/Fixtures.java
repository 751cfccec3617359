package io.jointcs.orchestration;

import io.jointcs.events.CandidateEvaluationRequest;
import io.jointcs.events.CandidateEvaluationResult;
import io.jointcs.events.FineTuneBudget;
import io.jointcs.events.NetworkCondition;
import io.jointcs.events.SearchConstraints;
import io.jointcs.events.SearchRequest;
import io.jointcs.events.SearchStarted;
import io.jointcs.events.SearchStrategy;
import io.jointcs.model.Architecture;
import io.jointcs.model.ModelSpec;
import io.jointcs.search.LatencyModels;
import io.jointcs.search.MacsLatencyModel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** A small search problem and an in-process stand-in for the compression executors, for tests without Kafka. */
final class Fixtures {
  static final ModelSpec BASE = ModelSpec.base(Architecture.fromId("resnet20"), 10);
  static final String BASE_SHA = sha("base-model");
  // a device of 500 MMAC/s and an edge four times faster (analytic MACs models, no predictor training needed)
  static final LatencyModels MODELS = LatencyModels.of(Map.of(
      "pi", new MacsLatencyModel(2.0, 0.05, 1.0),
      "edge", new MacsLatencyModel(0.5, 0.01, 0.5)));

  private Fixtures() {}

  static SearchRequest request(String searchId, double latencyTargetMs) {
    return SearchRequest.newBuilder()
        .setSearchId(searchId)
        .setBaseModel(HeadArtifacts.ref(BASE_SHA, 1234))
        .setDatasetId("synthetic")
        .setStrategy(SearchStrategy.JOINT)
        .setDeviceClasses(List.of("pi"))
        .setEdgeDeviceClass("edge")
        .setNetworkConditions(List.of(NetworkCondition.newBuilder().setName("wifi")
            .setUplinkBandwidthBytesPerSec(1_250_000).setRttMs(20).build()))
        .setConstraints(SearchConstraints.newBuilder().setLatencyTargetMs(latencyTargetMs).setMinAccuracy(0)
            .setLatencyReductionStep(0.06).setBeamWidth(1).setMaxSteps(20).setMaxCandidateEvaluations(0)
            .setMaxWallTimeMs(0).setAllowCutQuantization(false).build())
        .setFineTuneBudget(FineTuneBudget.newBuilder().setOptimizerSteps(10).setBatchSize(8).setLearningRate(0.01)
            .build())
        .setSeed(7)
        .setRequestedAtEpochMs(1_000)
        .build();
  }

  static SearchStarted started(SearchRequest request) {
    return SearchStarted.newBuilder().setRequest(request).setPredictorVersions(Map.of("pi", 1L, "edge", 1L)).build();
  }

  /**
   * PROXY accuracy, not a measurement: a deterministic function of the requested widths (MACs kept), standing in
   * for an executor's prune + fine-tune + validate.
   */
  static double proxyAccuracy(CandidateEvaluationRequest r) {
    ModelSpec spec = Wire.spec(BASE, r.getWidths());
    double ratio = (double) spec.plan().macs() / BASE.plan().macs();
    double bonus = r.getCandidateId().endsWith(Wire.FINAL_SUFFIX) ? 0.01 : 0;
    return Math.min(1, 0.9 * Math.pow(ratio, 0.1) + bonus);
  }

  static CandidateEvaluationResult result(CandidateEvaluationRequest r) {
    return CandidateEvaluationResult.newBuilder()
        .setCandidateId(r.getCandidateId()).setSearchId(r.getSearchId()).setStep(r.getStep())
        .setAccuracy(proxyAccuracy(r)).setArtifact(HeadArtifacts.ref(sha(r.getCandidateId()), 100))
        .setParamCount(1L).setMacs(1L).setEvalWallTimeMs(1).setWorkerId("test").setError(null)
        .setCompletedAtEpochMs(2_000).build();
  }

  static String sha(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
