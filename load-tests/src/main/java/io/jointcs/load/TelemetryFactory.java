package io.jointcs.load;

import io.jointcs.events.DeviceDescriptor;
import io.jointcs.events.DeviceTelemetry;
import io.jointcs.events.HardwareDescription;
import io.jointcs.events.LatencyMeasurement;
import io.jointcs.events.LayerFeatures;
import io.jointcs.events.LayerLatencySample;
import io.jointcs.events.LayerType;
import io.jointcs.events.RuntimeDescription;
import io.jointcs.events.codec.EventCodec;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Builds the telemetry a simulated device sends: a layer latency sample (the record that becomes a
 * {@code ProfilingSample}), as Avro single-object bytes for Kafka or as Avro JSON for the HTTP endpoint, or one of
 * the {@link Malformation}s. The telemetry id is {@code <run id>-<sequence>}: the sample id of the resulting
 * sample, and findable in the original bytes of a rejection.
 */
public final class TelemetryFactory {
  private static final EventCodec<DeviceTelemetry> CODEC = EventCodec.of(DeviceTelemetry.class);
  private static final int[] CHANNELS = {8, 16, 24, 32, 48, 64};

  private final String runId;
  private final String deviceClass;
  private final byte[] marker;

  /**
   * @param runId unique per run, letters, digits and dots only (no '-'), e.g. {@code r1a2b3c4}
   * @param deviceClass the class ingestion accepts (configured, or the simulated devices' registered class)
   */
  public TelemetryFactory(String runId, String deviceClass) {
    if (!runId.matches("[A-Za-z0-9.]+")) {
      throw new IllegalArgumentException("run id must be letters, digits and dots, got '" + runId + "'");
    }
    this.runId = runId;
    this.deviceClass = deviceClass;
    this.marker = (runId + "-").getBytes(StandardCharsets.US_ASCII);
  }

  public String runId() {
    return runId;
  }

  public String telemetryId(long seq) {
    return runId + "-" + seq;
  }

  /** The sequence number of a telemetry id of this run, or -1 for another run's id. */
  public long sequenceOf(String telemetryId) {
    if (telemetryId == null || !telemetryId.startsWith(runId) || telemetryId.length() <= runId.length() + 1
        || telemetryId.charAt(runId.length()) != '-') {
      return -1;
    }
    try {
      return Long.parseLong(telemetryId, runId.length() + 1, telemetryId.length(), 10);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The sequence number of the first marker of this run found in a rejection's original bytes, or -1. */
  public long sequenceIn(byte[] bytes) {
    outer:
    for (int i = 0; i + marker.length < bytes.length; i++) {
      for (int j = 0; j < marker.length; j++) {
        if (bytes[i + j] != marker[j]) {
          continue outer;
        }
      }
      long seq = 0;
      int k = i + marker.length;
      int digits = 0;
      while (k < bytes.length && bytes[k] >= '0' && bytes[k] <= '9' && digits < 18) {
        seq = seq * 10 + (bytes[k] - '0');
        k++;
        digits++;
      }
      if (digits > 0) {
        return seq;
      }
    }
    return -1;
  }

  /** A valid layer latency sample of {@code deviceId}, measured now. */
  public DeviceTelemetry good(long seq, String deviceId, long nowEpochMs) {
    return layer(seq, deviceId, deviceClass, latency(seq), nowEpochMs);
  }

  /** Avro single-object bytes of a good record (what a device's Kafka producer writes). */
  public byte[] goodBinary(long seq, String deviceId, long nowEpochMs) {
    return CODEC.encode(good(seq, deviceId, nowEpochMs));
  }

  /** Avro JSON of a good record (one element of an HTTP batch). */
  public String goodJson(long seq, String deviceId, long nowEpochMs) {
    return oneLine(CODEC.toJson(good(seq, deviceId, nowEpochMs)));
  }

  /** Bytes of a bad record for jointcs.telemetry.raw. */
  public byte[] badBinary(Malformation kind, long seq, String deviceId, long nowEpochMs) {
    return switch (kind) {
      case TRUNCATED -> {
        byte[] full = goodBinary(seq, deviceId, nowEpochMs);
        // header (10 bytes) + the telemetry id survive; the device descriptor and payload are cut
        yield Arrays.copyOf(full, Math.min(full.length - 1, 10 + 1 + telemetryId(seq).length() + 6));
      }
      case GARBAGE -> garbage(seq);
      case NON_FINITE_LATENCY -> CODEC.encode(layer(seq, deviceId, deviceClass, Double.NaN, nowEpochMs));
      case NEGATIVE_LATENCY -> CODEC.encode(layer(seq, deviceId, deviceClass, -1.5, nowEpochMs));
      case UNKNOWN_DEVICE_CLASS -> CODEC.encode(layer(seq, deviceId, "load-unknown-class", latency(seq), nowEpochMs));
      case SCHEMA_MISMATCH -> {
        byte[] bytes = goodBinary(seq, deviceId, nowEpochMs);
        // C3 01 then the 8-byte fingerprint: flip it to one no schema has
        for (int i = 2; i < 10; i++) {
          bytes[i] = (byte) ~bytes[i];
        }
        yield bytes;
      }
    };
  }

  /** One element of an HTTP batch (JSON text) that ingestion must reject. */
  public String badJson(Malformation kind, long seq, String deviceId, long nowEpochMs) {
    return switch (kind) {
      // the record cut before its payload and closed, so the batch stays well-formed: JSON_SCHEMA_MISMATCH. (A
      // string element would be the natural "cut short" record, but TelemetryBatch keeps only its opening quote as
      // the original bytes, so the rejection could not be traced back to its record.)
      case TRUNCATED -> {
        String json = goodJson(seq, deviceId, nowEpochMs);
        String head = json.substring(0, json.indexOf("\"payload\"")).stripTrailing();
        yield (head.endsWith(",") ? head.substring(0, head.length() - 1) : head) + "}";
      }
      case GARBAGE -> "[\"" + telemetryId(seq) + "\", 3.5, null]";
      case NON_FINITE_LATENCY -> oneLine(CODEC.toJson(layer(seq, deviceId, deviceClass, Double.NaN, nowEpochMs)));
      case NEGATIVE_LATENCY -> oneLine(CODEC.toJson(layer(seq, deviceId, deviceClass, -1.5, nowEpochMs)));
      case UNKNOWN_DEVICE_CLASS -> oneLine(CODEC.toJson(layer(seq, deviceId, "load-unknown-class", latency(seq),
          nowEpochMs)));
      // every field present but the payload is of no branch of the union
      case SCHEMA_MISMATCH -> "{\"telemetryId\": \"" + telemetryId(seq) + "\", \"timestampEpochMs\": " + nowEpochMs
          + ", \"device\": {\"deviceId\": \"" + deviceId + "\"}, \"payload\": {\"latencyMs\": 1.0}}";
    };
  }

  private byte[] garbage(long seq) {
    SplittableRandom random = new SplittableRandom(seq);
    byte[] head = ("\u0001\u0002" + telemetryId(seq) + "\u0000").getBytes(StandardCharsets.US_ASCII);
    byte[] bytes = new byte[head.length + 48];
    System.arraycopy(head, 0, bytes, 0, head.length);
    for (int i = head.length; i < bytes.length; i++) {
      bytes[i] = (byte) random.nextInt(256);
    }
    return bytes;
  }

  private static double latency(long seq) {
    return 0.4 + (seq % 97) * 0.013;
  }

  private DeviceTelemetry layer(long seq, String deviceId, String cls, double medianMs, long nowEpochMs) {
    int channels = CHANNELS[(int) (seq % CHANNELS.length)];
    long macs = 32L * 32 * channels * channels * 9;
    long bytes = 4L * 32 * 32 * channels;
    LayerFeatures layer = LayerFeatures.newBuilder().setLayerType(LayerType.CONV2D).setInChannels(channels)
        .setOutChannels(channels).setKernelSize(3).setStride(1).setPadding(1).setGroups(1).setInputHeight(32)
        .setInputWidth(32).setOutputHeight(32).setOutputWidth(32).setBatchSize(1).setMacs(macs)
        .setParams(9L * channels * channels).setInputBytes(bytes).setOutputBytes(bytes).build();
    double p10 = Double.isFinite(medianMs) && medianMs > 0 ? medianMs * 0.95 : medianMs;
    double p90 = Double.isFinite(medianMs) && medianMs > 0 ? medianMs * 1.05 : medianMs;
    LatencyMeasurement latency = LatencyMeasurement.newBuilder().setMedianMs(medianMs).setP10Ms(p10).setP90Ms(p90)
        .setStddevMs(0.02).setRepetitions(20).setWarmupRuns(3).build();
    return DeviceTelemetry.newBuilder()
        .setTelemetryId(telemetryId(seq))
        .setDevice(device(deviceId, cls))
        .setTimestampEpochMs(nowEpochMs)
        .setPayload(LayerLatencySample.newBuilder().setLayer(layer).setLatency(latency).setLayerName(null)
            .setModelName(null).build())
        .build();
  }

  /** The descriptor of a simulated device: a 4-core Arm board, not emulated by this harness' measurements. */
  public static DeviceDescriptor device(String deviceId, String deviceClass) {
    return DeviceDescriptor.newBuilder()
        .setDeviceId(deviceId)
        .setDeviceClass(deviceClass)
        .setHardware(HardwareDescription.newBuilder().setCpuModel("Cortex-A72").setCpuCores(4).setArch("aarch64")
            .setOs("Linux 6.1").setMemoryBytes(4L << 30).build())
        .setRuntime(RuntimeDescription.newBuilder().setEngine("PyTorch").setEngineVersion("2.7.1").setThreads(4)
            .build())
        .setEmulated(true)
        .setEmulationNote("synthetic telemetry of the JointCS load generator")
        .build();
  }

  private static String oneLine(String json) {
    return json.indexOf('\n') < 0 ? json : json.replace("\n", " ");
  }
}
