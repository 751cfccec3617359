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
import java.util.function.Supplier;

/**
 * Builds the DeviceTelemetry envelopes the agent publishes: a fresh UUID per message (consumers drop redelivered
 * duplicates by it), the device descriptor of the link in force when the measurement was taken, the device clock.
 */
final class TelemetryFactory {
  /** Normal-consistent scale of a median absolute deviation: stddev ~ 1.4826 x MAD for Gaussian noise. */
  private static final double MAD_TO_STDDEV = 1.4826;

  private final DeviceIdentity identity;
  private final Supplier<LinkEmulation> link;
  private final double computeSlowdown;
  private final Clock clock;
  private final int profilerWarmupRuns;

  /**
   * @param link the uplink in force now (it decides the emulated flag)
   * @param profilerWarmupRuns untimed runs the profiler's timer does before each layer
   */
  TelemetryFactory(DeviceIdentity identity, Supplier<LinkEmulation> link, Clock clock, int profilerWarmupRuns) {
    this(identity, link, clock, profilerWarmupRuns, 1.0);
  }

  /** @param computeSlowdown EMULATED slower device: measured layer latencies are published times this factor */
  TelemetryFactory(DeviceIdentity identity, Supplier<LinkEmulation> link, Clock clock, int profilerWarmupRuns,
      double computeSlowdown) {
    this.computeSlowdown = computeSlowdown;
    this.identity = identity;
    this.link = link;
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
    return envelope(LayerTelemetry.toEvent(published, latency), link.get());
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
    return envelope(sample, m.link());
  }

  /** Latency of the running model part over one report window. */
  DeviceTelemetry model(ModelLatencySample sample, LinkEmulation linkDuringWindow) {
    return envelope(sample, linkDuringWindow);
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

  private DeviceTelemetry envelope(Object payload, LinkEmulation linkInForce) {
    return DeviceTelemetry.newBuilder()
        .setTelemetryId(UUID.randomUUID().toString())
        .setDevice(identity.describe(linkInForce))
        .setTimestampEpochMs(clock.millis())
        .setPayload(payload)
        .build();
  }
}
