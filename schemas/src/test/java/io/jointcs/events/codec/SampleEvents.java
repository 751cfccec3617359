package io.jointcs.events.codec;

import io.jointcs.events.ArchitectureRef;
import io.jointcs.events.ArtifactRef;
import io.jointcs.events.CandidateEvaluationRequest;
import io.jointcs.events.CandidateEvaluationResult;
import io.jointcs.events.CandidateProposal;
import io.jointcs.events.CandidatesProposed;
import io.jointcs.events.ChannelGroupWidth;
import io.jointcs.events.CutQuantization;
import io.jointcs.events.DeploymentPlan;
import io.jointcs.events.DeviceDescriptor;
import io.jointcs.events.DeviceRegistration;
import io.jointcs.events.DeviceTelemetry;
import io.jointcs.events.FineTuneBudget;
import io.jointcs.events.HardwareDescription;
import io.jointcs.events.KafkaPosition;
import io.jointcs.events.LatencyBreakdown;
import io.jointcs.events.LatencyDrift;
import io.jointcs.events.LatencyMeasurement;
import io.jointcs.events.LatencyPredictor;
import io.jointcs.events.LatencyStatistics;
import io.jointcs.events.LayerFeatures;
import io.jointcs.events.LayerLatencySample;
import io.jointcs.events.LayerType;
import io.jointcs.events.ModelLatencySample;
import io.jointcs.events.ModelProfilingSample;
import io.jointcs.events.ModelPart;
import io.jointcs.events.NetworkChange;
import io.jointcs.events.NetworkCondition;
import io.jointcs.events.NetworkMeasurementMethod;
import io.jointcs.events.NetworkSample;
import io.jointcs.events.NetworkState;
import io.jointcs.events.Placement;
import io.jointcs.events.PlanReason;
import io.jointcs.events.PredictorKind;
import io.jointcs.events.PredictorMetrics;
import io.jointcs.events.ProfilingSample;
import io.jointcs.events.RejectedTelemetry;
import io.jointcs.events.RejectionReason;
import io.jointcs.events.RuntimeDescription;
import io.jointcs.events.SearchCompleted;
import io.jointcs.events.SearchConstraints;
import io.jointcs.events.SearchEvent;
import io.jointcs.events.SearchOutcome;
import io.jointcs.events.SearchRequest;
import io.jointcs.events.SearchStarted;
import io.jointcs.events.SearchStrategy;
import io.jointcs.events.StateAccepted;
import io.jointcs.events.TelemetrySource;
import io.jointcs.topics.RecordKeys;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/** One realistic, fully populated instance of every event type, shared by the tests. */
final class SampleEvents {
  private SampleEvents() {}

  static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
  static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

  static Map<Class<? extends SpecificRecord>, SpecificRecord> all() {
    return Map.ofEntries(
        Map.entry(DeviceDescriptor.class, device()),
        Map.entry(DeviceTelemetry.class, layerTelemetry()),
        Map.entry(LayerLatencySample.class, layerSample()),
        Map.entry(ModelLatencySample.class, modelSample()),
        Map.entry(NetworkSample.class, networkSample()),
        Map.entry(RejectedTelemetry.class, rejected()),
        Map.entry(ProfilingSample.class, profilingSample()),
        Map.entry(ModelProfilingSample.class, modelProfilingSample()),
        Map.entry(NetworkState.class, networkState()),
        Map.entry(NetworkChange.class, networkChange()),
        Map.entry(LatencyStatistics.class, statistics()),
        Map.entry(LatencyDrift.class, drift()),
        Map.entry(LatencyPredictor.class, predictor()),
        Map.entry(DeviceRegistration.class, registration()),
        Map.entry(SearchRequest.class, searchRequest()),
        Map.entry(SearchEvent.class, stateAcceptedEvent()),
        Map.entry(CandidateEvaluationRequest.class, evaluationRequest()),
        Map.entry(CandidateEvaluationResult.class, evaluationResult()),
        Map.entry(DeploymentPlan.class, plan()));
  }

  static DeviceDescriptor device() {
    return DeviceDescriptor.newBuilder()
        .setDeviceId("pi-lab-07")
        .setDeviceClass("xeon-2t-emulated-slow4x")
        .setHardware(HardwareDescription.newBuilder()
            .setCpuModel("Intel(R) Xeon(R) Platinum 8375C").setCpuCores(2).setArch("amd64")
            .setOs("Linux 6.1.0").setMemoryBytes(8L << 30).build())
        .setRuntime(RuntimeDescription.newBuilder().setEngine("PyTorch").setEngineVersion("2.7.1").setThreads(2)
            .build())
        .setEmulated(true)
        .setEmulationNote("amd64 host, 2 threads, latencies x4")
        .build();
  }

  static LayerFeatures conv() {
    return LayerFeatures.newBuilder()
        .setLayerType(LayerType.CONV2D).setInChannels(16).setOutChannels(32).setKernelSize(3).setStride(1)
        .setPadding(1).setGroups(1).setInputHeight(32).setInputWidth(32).setOutputHeight(32).setOutputWidth(32)
        .setBatchSize(1).setMacs(4_718_592L).setParams(4_640L).setInputBytes(65_536L).setOutputBytes(131_072L)
        .build();
  }

  static LatencyMeasurement latency(double medianMs) {
    return LatencyMeasurement.newBuilder()
        .setMedianMs(medianMs).setP10Ms(medianMs * 0.95).setP90Ms(medianMs * 1.1).setStddevMs(medianMs * 0.04)
        .setRepetitions(50).setWarmupRuns(5).build();
  }

  static LayerLatencySample layerSample() {
    return LayerLatencySample.newBuilder().setLayer(conv()).setLatency(latency(1.84)).setLayerName("layer1.0.conv1")
        .build();
  }

  static ArtifactRef artifact(String name) {
    return ArtifactRef.newBuilder().setRef("artifacts/sha256/" + SHA + "-" + name + ".pt").setSha256(SHA)
        .setSizeBytes(1_094_512L).build();
  }

  static ModelLatencySample modelSample() {
    return ModelLatencySample.newBuilder()
        .setModelSpec("resnet20[16,16,32,64]").setArtifact(artifact("resnet20")).setPart(ModelPart.HEAD)
        .setCutPoint(4).setBlockCount(10).setBatchSize(1).setLatency(latency(12.5)).build();
  }

  /** A v2 sample: an end-to-end split inference with its breakdown, over a shaped (emulated) link. */
  static ModelLatencySample splitSample() {
    return ModelLatencySample.newBuilder()
        .setModelSpec("resnet20[16,16,32,64]").setArtifact(artifact("resnet20")).setPart(ModelPart.SPLIT)
        .setCutPoint(4).setBlockCount(10).setBatchSize(1).setLatency(latency(31.0))
        .setHeadMs(12.5).setTransferMs(13.9).setTailMs(4.4).setCutBytes(16_384L)
        .setUplinkBandwidthBytesPerSec(1_250_000.0).setRttMs(1.0)
        .setNetworkMeasurementMethod(NetworkMeasurementMethod.SHAPED_EMULATION).build();
  }

  static ModelProfilingSample modelProfilingSample() {
    return ModelProfilingSample.newBuilder()
        .setSampleId("5b1c3f0e-2a7d-4e61-8f2b-6d9a0c4e7b21").setDeviceClass("xeon-2t-emulated-slow4x")
        .setDeviceId("pi-lab-07").setEmulated(true).setThreads(2).setSample(splitSample())
        .setMeasuredAtEpochMs(T0).setValidatedAtEpochMs(T0 + 12).setSource(TelemetrySource.KAFKA)
        .setKafkaPosition(position()).build();
  }

  static NetworkSample networkSample() {
    return NetworkSample.newBuilder()
        .setUplinkBandwidthBytesPerSec(1_250_000.0).setRttMs(18.5).setProbeSizeBytes(1_048_576L)
        .setMeasurementMethod(NetworkMeasurementMethod.TCP_TRANSFER).build();
  }

  static DeviceTelemetry telemetry(Object payload) {
    return DeviceTelemetry.newBuilder()
        .setTelemetryId("0f8e7c52-4d0a-4c8e-9a51-3b1f0f6f2d11").setDevice(device()).setTimestampEpochMs(T0)
        .setPayload(payload).build();
  }

  static DeviceTelemetry layerTelemetry() {
    return telemetry(layerSample());
  }

  static RejectedTelemetry rejected() {
    return RejectedTelemetry.newBuilder()
        .setReason(RejectionReason.CORRUPT).setReasonDetail("DeviceTelemetry: data ends early")
        .setOriginalBytes(ByteBuffer.wrap(new byte[] {(byte) 0xC3, 0x01, 0x00, (byte) 0xFF}))
        .setSource(TelemetrySource.KAFKA).setReceivedAtEpochMs(T0 + 5).setDeviceId("pi-lab-07")
        .setKafkaPosition(position()).build();
  }

  static KafkaPosition position() {
    return KafkaPosition.newBuilder().setTopic("jointcs.telemetry.raw").setPartition(3).setOffset(4_711L).build();
  }

  static ProfilingSample profilingSample() {
    return ProfilingSample.newBuilder()
        .setSampleId("0f8e7c52-4d0a-4c8e-9a51-3b1f0f6f2d11").setDeviceClass("xeon-2t-emulated-slow4x")
        .setDeviceId("pi-lab-07").setEmulated(true).setThreads(2).setLayer(conv()).setLatencyMs(1.84)
        .setLatencyStddevMs(0.07).setRepetitions(50).setMeasuredAtEpochMs(T0).setValidatedAtEpochMs(T0 + 12)
        .setSource(TelemetrySource.KAFKA).setKafkaPosition(position()).build();
  }

  static NetworkState networkState() {
    return NetworkState.newBuilder()
        .setDeviceId("pi-lab-07").setUplinkBandwidthBytesPerSec(1_180_000.0).setRttMs(19.2).setSmoothingFactor(0.2)
        .setSampleCount(42L).setUpdatedAtEpochMs(T0).build();
  }

  static NetworkChange networkChange() {
    return NetworkChange.newBuilder()
        .setDeviceId("pi-lab-07").setPreviousBandwidthBytesPerSec(2_000_000.0).setCurrentBandwidthBytesPerSec(500_000.0)
        .setPreviousRttMs(15.0).setCurrentRttMs(40.0).setBandwidthChangeRatio(-0.75).setRttChangeRatio(1.6667)
        .setThresholdRatio(0.3).setDetectedAtEpochMs(T0 + 60_000).build();
  }

  static LatencyStatistics statistics() {
    return LatencyStatistics.newBuilder()
        .setDeviceClass("xeon-2t-emulated-slow4x").setEmulated(true)
        .setLayerSignature(RecordKeys.layerSignature(conv()))
        .setLayer(conv()).setWindowStartEpochMs(T0).setWindowEndEpochMs(T0 + 300_000).setCount(17L).setMeanMs(1.9)
        .setMedianMs(1.84).setP90Ms(2.2).setMinMs(1.7).setMaxMs(2.6).build();
  }

  static LatencyDrift drift() {
    return LatencyDrift.newBuilder()
        .setDeviceClass("xeon-2t-emulated-slow4x").setEmulated(true).setLayerSignature(null).setPredictorVersion(3L)
        .setObservedMedianMs(2.6).setPredictedMs(1.9).setRelativeError(0.368).setThresholdRatio(0.25)
        .setSampleCount(120L)
        .setWindowStartEpochMs(T0).setWindowEndEpochMs(T0 + 300_000).setDetectedAtEpochMs(T0 + 300_010).build();
  }

  static LatencyPredictor predictor() {
    return LatencyPredictor.newBuilder()
        .setDeviceClass("xeon-2t-emulated-slow4x").setEmulated(true).setVersion(4L)
        .setKind(PredictorKind.GRADIENT_BOOSTED_TREES).setFeatureSetName("layer-basic").setFeatureSetVersion(1)
        .setModelBytes(ByteBuffer.wrap("{\"trees\":[]}".getBytes(StandardCharsets.UTF_8)))
        .setMetrics(PredictorMetrics.newBuilder().setRmseMs(0.21).setMape(0.043).setWithin5Pct(0.71)
            .setWithin10Pct(0.93).setTrainingSampleCount(8_000L).setValidationSampleCount(2_000L).build())
        .setCreatedAtEpochMs(T0 + 1_000).build();
  }

  static DeviceRegistration registration() {
    return DeviceRegistration.newBuilder()
        .setDevice(device()).setAgentVersion("0.1.0").setRegisteredAtEpochMs(T0).setLabels(Map.of("site", "lab-2"))
        .build();
  }

  static NetworkCondition wifi() {
    return NetworkCondition.newBuilder().setName("wifi-good").setUplinkBandwidthBytesPerSec(2_500_000.0).setRttMs(8.0)
        .build();
  }

  static FineTuneBudget budget() {
    return FineTuneBudget.newBuilder().setOptimizerSteps(400).setBatchSize(128).setLearningRate(0.01).build();
  }

  static SearchRequest searchRequest() {
    return SearchRequest.newBuilder()
        .setSearchId("search-1").setBaseModel(ArchitectureRef.newBuilder().setArchitecture("resnet20")
            .setTrainingEpochs(30).build())
        .setDatasetId("cifar10").setStrategy(SearchStrategy.JOINT)
        .setDeviceClasses(List.of("xeon-2t-emulated-slow4x", "xeon-4t")).setEdgeDeviceClass("xeon-16t")
        .setNetworkConditions(List.of(wifi()))
        .setConstraints(SearchConstraints.newBuilder().setLatencyTargetMs(20.0).setMinAccuracy(0.88)
            .setLatencyReductionStep(0.05).setBeamWidth(2).setMaxSteps(40).setMaxCandidateEvaluations(400)
            .setMaxWallTimeMs(7_200_000L).setAllowCutQuantization(true).build())
        .setFineTuneBudget(budget()).setSeed(7L).setRequestedAtEpochMs(T0).build();
  }

  static List<ChannelGroupWidth> widths() {
    return List.of(
        ChannelGroupWidth.newBuilder().setGroup("stage1.out").setWidthChannels(12).build(),
        ChannelGroupWidth.newBuilder().setGroup("stage2.out").setWidthChannels(32).build());
  }

  static Placement placement() {
    return Placement.newBuilder()
        .setDeviceClass("xeon-2t-emulated-slow4x").setNetwork(wifi()).setCutPoint(4).setBlockCount(10)
        .setCutQuantization(CutQuantization.INT8)
        .setPredictedLatency(LatencyBreakdown.newBuilder().setDeviceMs(9.1).setTransferMs(8.4).setEdgeMs(2.2)
            .setTotalMs(19.7).build())
        .build();
  }

  static SearchEvent searchEvent(long sequenceNumber, Object payload) {
    return SearchEvent.newBuilder().setSearchId("search-1").setSequenceNumber(sequenceNumber)
        .setTimestampEpochMs(T0 + sequenceNumber).setPayload(payload).build();
  }

  static SearchEvent stateAcceptedEvent() {
    return searchEvent(3, StateAccepted.newBuilder()
        .setStep(1).setCandidateId("search-1/1/stage1.out").setBeamRank(0).setWidths(widths()).setAccuracy(0.9012)
        .setArtifact(artifact("c1")).setPlacements(List.of(placement())).build());
  }

  static List<SearchEvent> searchLifecycle() {
    return List.of(
        searchEvent(0, SearchStarted.newBuilder().setRequest(searchRequest())
            .setPredictorVersions(Map.of("xeon-2t-emulated-slow4x", 4L, "xeon-16t", 2L)).build()),
        searchEvent(1, CandidatesProposed.newBuilder().setStep(1).setLatencyThresholdMs(21.3)
            .setCandidates(List.of(CandidateProposal.newBuilder().setCandidateId("search-1/1/stage1.out")
                .setParentCandidateId(null).setNarrowedGroup("stage1.out").setWidths(widths())
                .setPlacements(List.of(placement())).build()))
            .build()),
        stateAcceptedEvent(),
        searchEvent(4, SearchCompleted.newBuilder().setOutcome(SearchOutcome.TARGET_REACHED).setSteps(1)
            .setAcceptedStates(2).setCandidatesEvaluated(2).setWallTimeMs(61_000L).build()));
  }

  static CandidateEvaluationRequest evaluationRequest() {
    return CandidateEvaluationRequest.newBuilder()
        .setCandidateId("search-1/1/stage1.out").setSearchId("search-1").setStep(1).setBaseArtifact(artifact("base"))
        .setDatasetId("cifar10").setWidths(widths()).setFineTuneBudget(budget()).setSeed(1_234L)
        .setRequestedAtEpochMs(T0).build();
  }

  static CandidateEvaluationResult evaluationResult() {
    return CandidateEvaluationResult.newBuilder()
        .setCandidateId("search-1/1/stage1.out").setSearchId("search-1").setStep(1).setAccuracy(0.9012)
        .setArtifact(artifact("c1")).setParamCount(210_000L).setMacs(33_000_000L).setEvalWallTimeMs(58_000L)
        .setWorkerId("executor-2").setError(null).setCompletedAtEpochMs(T0 + 58_000).build();
  }

  static DeploymentPlan plan() {
    return DeploymentPlan.newBuilder()
        .setPlanVersion(7L).setDeviceId("pi-lab-07").setDeviceClass("xeon-2t-emulated-slow4x").setEmulated(true)
        .setSearchId("search-1").setModel(artifact("c1")).setHead(artifact("c1-head4")).setCutPoint(4)
        .setBlockCount(10).setCutQuantization(CutQuantization.INT8).setAssumedNetwork(wifi())
        .setPredictedLatency(placement().getPredictedLatency()).setExpectedAccuracy(0.9012)
        .setReason(PlanReason.NETWORK_CHANGE).setReasonText("bandwidth fell from 2.0 MB/s to 0.5 MB/s")
        .setCreatedAtEpochMs(T0 + 61_000).build();
  }
}
