package io.jointcs.telemetry;

import io.jointcs.events.DeviceDescriptor;
import io.jointcs.events.DeviceRegistration;
import io.jointcs.events.DeviceTelemetry;
import io.jointcs.events.HardwareDescription;
import io.jointcs.events.LatencyMeasurement;
import io.jointcs.events.LayerFeatures;
import io.jointcs.events.LayerLatencySample;
import io.jointcs.events.LayerType;
import io.jointcs.events.NetworkMeasurementMethod;
import io.jointcs.events.NetworkSample;
import io.jointcs.events.RuntimeDescription;
import io.jointcs.latency.prediction.MacsLinearPredictor;
import io.jointcs.latency.prediction.PredictorCodec;
import io.jointcs.latency.prediction.TrainedPredictor;
import io.jointcs.latency.telemetry.LayerTelemetry;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Telemetry as devices send it, for tests here and in the services (published as this module's test jar). */
public final class TelemetryFixtures {
  /** 2026-01-01T00:00:00Z: the platform clock of the tests. */
  public static final long NOW = 1_767_225_600_000L;
  public static final String CLASS = "rpi4-a72-4t";

  private TelemetryFixtures() {}

  public static DeviceDescriptor device(String deviceId, String deviceClass) {
    return DeviceDescriptor.newBuilder()
        .setDeviceId(deviceId)
        .setDeviceClass(deviceClass)
        .setHardware(HardwareDescription.newBuilder().setCpuModel("Cortex-A72").setCpuCores(4).setArch("aarch64")
            .setOs("Linux 6.1").setMemoryBytes(4L << 30).build())
        .setRuntime(RuntimeDescription.newBuilder().setEngine("PyTorch").setEngineVersion("2.7.1").setThreads(4)
            .build())
        .setEmulated(false)
        .setEmulationNote(null)
        .build();
  }

  /** A 3x3 stride-1 convolution of {@code channels} to {@code channels} channels on a 32x32 map, batch 1. */
  public static LayerFeatures conv(int channels) {
    long macs = 32L * 32 * channels * channels * 9;
    long bytes = 4L * 32 * 32 * channels;
    return LayerFeatures.newBuilder().setLayerType(LayerType.CONV2D).setInChannels(channels)
        .setOutChannels(channels).setKernelSize(3).setStride(1).setPadding(1).setGroups(1).setInputHeight(32)
        .setInputWidth(32).setOutputHeight(32).setOutputWidth(32).setBatchSize(1).setMacs(macs)
        .setParams(9L * channels * channels).setInputBytes(bytes).setOutputBytes(bytes).build();
  }

  public static LatencyMeasurement latency(double medianMs) {
    return LatencyMeasurement.newBuilder().setMedianMs(medianMs).setP10Ms(medianMs * 0.95)
        .setP90Ms(medianMs * 1.05).setStddevMs(medianMs * 0.03).setRepetitions(20).setWarmupRuns(3).build();
  }

  public static DeviceTelemetry layer(String telemetryId, String deviceId, String deviceClass, LayerFeatures layer,
      double medianMs) {
    return layer(telemetryId, deviceId, deviceClass, layer, medianMs, NOW - 1_000);
  }

  public static DeviceTelemetry layer(String telemetryId, String deviceId, String deviceClass, LayerFeatures layer,
      double medianMs, long timestampEpochMs) {
    return DeviceTelemetry.newBuilder()
        .setTelemetryId(telemetryId)
        .setDevice(device(deviceId, deviceClass))
        .setTimestampEpochMs(timestampEpochMs)
        .setPayload(LayerLatencySample.newBuilder().setLayer(layer).setLatency(latency(medianMs))
            .setLayerName(null).build())
        .build();
  }

  public static DeviceTelemetry layer(String telemetryId, String deviceId, double medianMs) {
    return layer(telemetryId, deviceId, CLASS, conv(16), medianMs);
  }

  public static DeviceTelemetry network(String telemetryId, String deviceId, double bytesPerSec, double rttMs) {
    return DeviceTelemetry.newBuilder()
        .setTelemetryId(telemetryId)
        .setDevice(device(deviceId, CLASS))
        .setTimestampEpochMs(NOW - 1_000)
        .setPayload(NetworkSample.newBuilder().setUplinkBandwidthBytesPerSec(bytesPerSec).setRttMs(rttMs)
            .setProbeSizeBytes(1 << 20).setMeasurementMethod(NetworkMeasurementMethod.TCP_TRANSFER).build())
        .build();
  }

  /** A device's model measurement as it publishes it. */
  public static DeviceTelemetry model(String telemetryId, String deviceId, String deviceClass,
      io.jointcs.events.ModelLatencySample sample) {
    return DeviceTelemetry.newBuilder()
        .setTelemetryId(telemetryId)
        .setDevice(device(deviceId, deviceClass))
        .setTimestampEpochMs(NOW - 1_000)
        .setPayload(sample)
        .build();
  }

  /** A timed part of a CIFAR ResNet-20 ('resnet20[16,16,32,64]', 11 blocks), batch 1. */
  public static io.jointcs.events.ModelLatencySample modelPart(io.jointcs.events.ModelPart part, int cutPoint,
      double medianMs) {
    return io.jointcs.events.ModelLatencySample.newBuilder()
        .setModelSpec("resnet20[16,16,32,64]").setArtifact(null).setPart(part).setCutPoint(cutPoint)
        .setBlockCount(11).setBatchSize(1).setLatency(latency(medianMs)).build();
  }

  /** An end-to-end split inference of ResNet-20 cut after {@code cutPoint} blocks over a shaped 10 Mbit/s link. */
  public static io.jointcs.events.ModelLatencySample split(int cutPoint, double headMs, double transferMs,
      double tailMs, double endToEndMs) {
    return io.jointcs.events.ModelLatencySample.newBuilder(modelPart(io.jointcs.events.ModelPart.SPLIT, cutPoint,
            endToEndMs))
        .setHeadMs(headMs).setTransferMs(transferMs).setTailMs(tailMs).setCutBytes(16_384L)
        .setUplinkBandwidthBytesPerSec(1.25e6).setRttMs(2.0)
        .setNetworkMeasurementMethod(NetworkMeasurementMethod.SHAPED_EMULATION).build();
  }

  public static DeviceRegistration registration(String deviceId, String deviceClass) {
    return DeviceRegistration.newBuilder().setDevice(device(deviceId, deviceClass)).setAgentVersion("0.1.0")
        .setRegisteredAtEpochMs(NOW - 60_000).setLabels(Map.of()).build();
  }

  /** Latency law of the fixture predictor: 0.05 ms + 2e-7 ms per MAC. */
  public static double lawMs(LayerFeatures layer) {
    return 0.05 + 2e-7 * layer.getMacs();
  }

  /**
   * The predictor event of a MACs-linear predictor trained on convolutions of 8..64 channels that follow
   * {@link #lawMs} exactly.
   */
  public static io.jointcs.events.LatencyPredictor predictor(String deviceClass, long version) {
    List<io.jointcs.latency.prediction.LayerLatencySample> samples = new ArrayList<>();
    for (int channels = 8; channels <= 64; channels += 4) {
      LayerFeatures layer = conv(channels);
      samples.add(new io.jointcs.latency.prediction.LayerLatencySample(deviceClass, LayerTelemetry.toFeatures(layer),
          lawMs(layer)));
    }
    MacsLinearPredictor predictor = MacsLinearPredictor.train(samples, 1.2);
    byte[] bytes = PredictorCodec.encode(new TrainedPredictor(predictor, version, null));
    return io.jointcs.events.LatencyPredictor.newBuilder()
        .setDeviceClass(deviceClass)
        .setEmulated(false)
        .setVersion(version)
        .setKind(io.jointcs.events.PredictorKind.LINEAR_REGRESSION)
        .setFeatureSetName(predictor.featureSet().id().name())
        .setFeatureSetVersion(predictor.featureSet().id().version())
        .setModelBytes(ByteBuffer.wrap(bytes))
        .setMetrics(io.jointcs.events.PredictorMetrics.newBuilder().setRmseMs(0).setMape(0).setWithin5Pct(1)
            .setWithin10Pct(1).setTrainingSampleCount(samples.size()).setValidationSampleCount(0).build())
        .setCreatedAtEpochMs(NOW - 3_600_000)
        .build();
  }
}
