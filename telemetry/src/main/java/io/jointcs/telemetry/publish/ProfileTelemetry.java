package io.jointcs.telemetry.publish;

import io.jointcs.events.DeviceDescriptor;
import io.jointcs.events.DeviceTelemetry;
import io.jointcs.events.HardwareDescription;
import io.jointcs.events.LatencyMeasurement;
import io.jointcs.events.ModelLatencySample;
import io.jointcs.events.ModelPart;
import io.jointcs.events.RuntimeDescription;
import io.jointcs.latency.profiling.LayerProfile;
import io.jointcs.latency.profiling.ProfileRecord;
import io.jointcs.latency.profiling.RangeProfile;
import io.jointcs.latency.profiling.TimingStats;
import io.jointcs.latency.telemetry.LayerTelemetry;
import io.jointcs.latency.telemetry.ModelTelemetry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.UUID;

/**
 * The telemetry a profiling record is published as ({@code ./jointcs profile --publish-*}): a layer as a
 * LayerLatencySample, a whole model, head or tail as a ModelLatencySample (WHOLE, HEAD, TAIL). A single block timed
 * on its own is no part a ModelLatencySample can name: it is not published. The telemetry id is derived from the
 * device id and the record (a name-based UUID), so the same record always gets the same id and consumers drop a
 * redelivered copy.
 */
public final class ProfileTelemetry {
  /** Normal-consistent scale of a median absolute deviation: stddev ~ 1.4826 x MAD for Gaussian noise. */
  private static final double MAD_TO_STDDEV = 1.4826;

  private final String deviceId;
  private final long memoryBytes;
  private final int warmupRuns;

  /**
   * @param deviceId the id the telemetry is published under (the ingestion token must belong to it)
   * @param memoryBytes physical memory of the machine. Unit: bytes.
   * @param warmupRuns untimed runs the profiler's timer did before each measurement
   */
  public ProfileTelemetry(String deviceId, long memoryBytes, int warmupRuns) {
    if (deviceId == null || deviceId.isBlank()) {
      throw new IllegalArgumentException("publishing a profile needs a device id");
    }
    this.deviceId = deviceId;
    this.memoryBytes = memoryBytes;
    this.warmupRuns = warmupRuns;
  }

  /** The envelope of {@code record}; empty for a record no telemetry payload describes (a single block). */
  public Optional<DeviceTelemetry> toTelemetry(ProfileRecord record) {
    Object payload;
    io.jointcs.latency.profiling.DeviceDescriptor host;
    String measuredAt;
    if (record instanceof LayerProfile layer) {
      payload = LayerTelemetry.toEvent(layer.sample(), latency(layer.sample().latencyMs(), layer.timing()));
      host = layer.device();
      measuredAt = layer.measuredAt();
    } else if (record instanceof RangeProfile range) {
      ModelPart part = switch (range.scope()) {
        case MODEL -> ModelPart.WHOLE;
        case HEAD -> ModelPart.HEAD;
        case TAIL -> ModelPart.TAIL;
        case BLOCK -> null;
      };
      if (part == null) {
        return Optional.empty();
      }
      int blocks = range.spec().plan().blockCount();
      payload = ModelLatencySample.newBuilder()
          .setModelSpec(ModelTelemetry.specText(range.spec()))
          .setArtifact(null)
          .setPart(part)
          .setCutPoint(part == ModelPart.TAIL ? range.fromCut() : range.toCut())
          .setBlockCount(blocks)
          .setBatchSize(range.device().batchSize())
          .setLatency(latency(range.latencyMs(), range.timing()))
          .build();
      host = range.device();
      measuredAt = range.measuredAt();
    } else {
      throw new IllegalArgumentException("no telemetry for a profile record of " + record.getClass().getName());
    }
    return Optional.of(DeviceTelemetry.newBuilder()
        .setTelemetryId(UUID.nameUUIDFromBytes((deviceId + "\n" + record).getBytes(StandardCharsets.UTF_8))
            .toString())
        .setDevice(descriptor(host))
        .setTimestampEpochMs(epochMs(measuredAt))
        .setPayload(payload)
        .build());
  }

  /** The descriptor events carry for this machine under its device class's configuration. */
  public DeviceDescriptor descriptor(io.jointcs.latency.profiling.DeviceDescriptor host) {
    return DeviceDescriptor.newBuilder()
        .setDeviceId(deviceId)
        .setDeviceClass(host.deviceClass())
        .setHardware(HardwareDescription.newBuilder().setCpuModel(host.cpuModel()).setCpuCores(host.availableCpus())
            .setArch(host.arch()).setOs(host.os()).setMemoryBytes(memoryBytes).build())
        .setRuntime(RuntimeDescription.newBuilder().setEngine(host.engine()).setEngineVersion(host.engineVersion())
            .setThreads(host.intraOpThreads()).build())
        .setEmulated(host.emulated())
        .setEmulationNote(host.emulated() ? host.emulationNote() : null)
        .build();
  }

  private LatencyMeasurement latency(double medianMs, TimingStats t) {
    return LatencyMeasurement.newBuilder()
        .setMedianMs(medianMs)
        // the timer's percentiles bracket its median; guard the order against rounding
        .setP10Ms(Math.min(t.p10Ms(), medianMs))
        .setP90Ms(Math.max(t.p90Ms(), medianMs))
        .setStddevMs(MAD_TO_STDDEV * t.madMs())
        .setRepetitions(Math.max(1, t.runs() - t.rejectedRuns()))
        .setWarmupRuns(warmupRuns)
        .build();
  }

  private static long epochMs(String measuredAt) {
    try {
      return Instant.parse(measuredAt).toEpochMilli();
    } catch (DateTimeParseException | NullPointerException e) {
      throw new IllegalArgumentException("profile record has no valid measuredAt instant: " + measuredAt, e);
    }
  }
}
