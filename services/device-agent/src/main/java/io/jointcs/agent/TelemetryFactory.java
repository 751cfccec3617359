package io.jointcs.agent;

import io.jointcs.events.DeviceTelemetry;
import io.jointcs.events.LatencyMeasurement;
import io.jointcs.events.ModelLatencySample;
import io.jointcs.events.ModelPart;
import io.jointcs.events.NetworkMeasurementMethod;
import io.jointcs.events.NetworkSample;
import io.jointcs.latency.profiling.LayerProfile;
import io.jointcs.latency.profiling.TimingStats;
import io.jointcs.latency.telemetry.LayerTelemetry;
import io.jointcs.splitinference.LinkEmulation;
import java.time.Clock;
import java.util.UUID;

/**
 * Builds the DeviceTelemetry envelopes the agent publishes: a fresh UUID per message (consumers drop redelivered
 * duplicates by it), the device descriptor (emulated only when the compute is), the device clock. A shaped link is
 * said in the network data: a network sample's method, a SPLIT sample's link fields.
 */
final class TelemetryFactory {
  /** Normal-consistent scale of a median absolute deviation: stddev ~ 1.4826 x MAD for Gaussian noise. */
  private static final double MAD_TO_STDDEV = 1.4826;

  private final DeviceIdentity identity;
  private final double computeSlowdown;
  private final Clock clock;
  private final int profilerWarmupRuns;

  /** @param profilerWarmupRuns untimed runs the profiler's timer does before each layer */
  TelemetryFactory(DeviceIdentity identity, Clock clock, int profilerWarmupRuns) {
    this(identity, clock, profilerWarmupRuns, 1.0);
  }

  /** @param computeSlowdown EMULATED slower device: measured layer latencies are published times this factor */
  TelemetryFactory(DeviceIdentity identity, Clock clock, int profilerWarmupRuns, double computeSlowdown) {
    this.computeSlowdown = computeSlowdown;
    this.identity = identity;
    this.clock = clock;
    this.profilerWarmupRuns = profilerWarmupRuns;
  }

  /** A timed layer configuration. */
  DeviceTelemetry layer(LayerProfile profile) {
    TimingStats timing = profile.timing();
    double f = computeSlowdown; // 1 unless the device EMULATES a slower one (its descriptor says so)
    double medianMs = f * profile.sample().latencyMs();
    LatencyMeasurement latency = LatencyMeasurement.newBuilder()
        .setMedianMs(medianMs)
        .setP10Ms(f * timing.p10Ms())
        .setP90Ms(f * timing.p90Ms())
        // the timer reports a MAD (robust to the outliers it rejects), not a standard deviation
        .setStddevMs(f * MAD_TO_STDDEV * timing.madMs())
        .setRepetitions(Math.max(1, timing.runs() - timing.rejectedRuns()))
        .setWarmupRuns(profilerWarmupRuns)
        .build();
    var sample = profile.sample();
    var published = f == 1 ? sample : new io.jointcs.latency.prediction.LayerLatencySample(sample.deviceClass(),
        sample.features(), medianMs, sample.modelName(), sample.layerName());
    return envelope(LayerTelemetry.toEvent(published, latency));
  }

  /** One uplink measurement; the method says whether the link was a shaped emulation. */
  DeviceTelemetry network(UplinkMeasurement m) {
    NetworkSample sample = NetworkSample.newBuilder()
        .setUplinkBandwidthBytesPerSec(m.uplinkBandwidthBytesPerSec())
        .setRttMs(m.rttMs())
        .setProbeSizeBytes(m.probeSizeBytes())
        .setMeasurementMethod(LinkControl.emulated(m.link()) ? NetworkMeasurementMethod.SHAPED_EMULATION
            : NetworkMeasurementMethod.TCP_TRANSFER)
        .build();
    return envelope(sample);
  }

  /** Latency of the running model part, or of the split end to end, over one report window. */
  DeviceTelemetry model(ModelLatencySample sample) {
    return envelope(sample);
  }

  /**
   * The end-to-end latency of split inference over one report window with its breakdown (medians of the window's
   * requests), and the link it ran over: the shaped rate and added delay when the agent emulates the link
   * (SHAPED_EMULATION), else the last probe of the real network (TCP_TRANSFER), else none.
   *
   * @param cutBytes bytes of the cut tensor per request, as sent
   * @param lastProbe the last uplink measurement, null when none
   */
  static ModelLatencySample splitSample(String modelSpec, io.jointcs.events.ArtifactRef model, int cutPoint,
      int blockCount, int batchSize, LatencyWindow.Summary endToEnd, LatencyWindow.Summary head,
      LatencyWindow.Summary transfer, LatencyWindow.Summary edge, long cutBytes, LinkEmulation link,
      UplinkMeasurement lastProbe) {
    Double bandwidth = null;
    Double rtt = null;
    NetworkMeasurementMethod method = null;
    if (LinkControl.emulated(link)) {
      bandwidth = link.shaped() ? link.uplinkBytesPerSec() : null;
      rtt = link.rttMs();
      method = NetworkMeasurementMethod.SHAPED_EMULATION;
    } else if (lastProbe != null && !LinkControl.emulated(lastProbe.link())) {
      bandwidth = lastProbe.uplinkBandwidthBytesPerSec();
      rtt = lastProbe.rttMs();
      method = NetworkMeasurementMethod.TCP_TRANSFER;
    }
    return ModelLatencySample.newBuilder(modelSample(modelSpec, model, ModelPart.SPLIT, cutPoint, blockCount,
            batchSize, endToEnd))
        // no block on the device at cut 0: its head time is nothing, whatever the clock read around no work
        .setHeadMs(cutPoint == 0 ? 0.0 : head.p50Ms())
        .setTransferMs(transfer.p50Ms())
        .setTailMs(edge.p50Ms())
        .setCutBytes(cutBytes)
        .setUplinkBandwidthBytesPerSec(bandwidth)
        .setRttMs(rtt)
        .setNetworkMeasurementMethod(method)
        .build();
  }

  static ModelLatencySample modelSample(String modelSpec, io.jointcs.events.ArtifactRef artifact, ModelPart part,
      int cutPoint, int blockCount, int batchSize, LatencyWindow.Summary summary) {
    return ModelLatencySample.newBuilder()
        .setModelSpec(modelSpec)
        .setArtifact(artifact)
        .setPart(part)
        .setCutPoint(cutPoint)
        .setBlockCount(blockCount)
        .setBatchSize(batchSize)
        .setLatency(LatencyMeasurement.newBuilder()
            .setMedianMs(summary.p50Ms())
            .setP10Ms(summary.p10Ms())
            .setP90Ms(summary.p90Ms())
            .setStddevMs(summary.stddevMs())
            .setRepetitions((int) Math.min(Integer.MAX_VALUE, summary.count()))
            .setWarmupRuns(0) // requests of a running deployment: the first ones after a switch are included
            .build())
        .build();
  }

  private DeviceTelemetry envelope(Object payload) {
    return DeviceTelemetry.newBuilder()
        .setTelemetryId(UUID.randomUUID().toString())
        .setDevice(identity.describe())
        .setTimestampEpochMs(clock.millis())
        .setPayload(payload)
        .build();
  }
}
