package io.jointcs.telemetry;

import io.jointcs.events.DeviceRegistration;
import io.jointcs.events.DeviceTelemetry;
import io.jointcs.events.LayerLatencySample;
import io.jointcs.events.ModelLatencySample;
import io.jointcs.events.ModelProfilingSample;
import io.jointcs.events.NetworkSample;
import io.jointcs.events.ProfilingSample;
import io.jointcs.events.RejectedTelemetry;
import io.jointcs.events.RejectionReason;
import io.jointcs.events.codec.Decoded;
import io.jointcs.events.codec.EventCodec;
import io.jointcs.events.codec.Rejections;
import java.nio.ByteBuffer;
import java.util.function.Function;

/**
 * The one validation path of telemetry, whatever way it came in: size, then decoding (Avro single-object or
 * Avro JSON, any published schema version), then the value rules. Every record yields exactly one
 * {@link Outcome}; nothing here throws on bad input. Thread-safe.
 */
public final class TelemetryIntake {
  private final EventCodec<DeviceTelemetry> codec = EventCodec.of(DeviceTelemetry.class);
  private final TelemetryValidator validator;

  public TelemetryIntake(TelemetryValidator validator) {
    this.validator = validator;
  }

  /**
   * @param registrations current registration of a device id, null when it has none
   * @param nowEpochMs platform clock, stamped on samples as their validation time
   */
  public Outcome accept(RawTelemetry raw, Function<String, DeviceRegistration> registrations, long nowEpochMs) {
    byte[] bytes = raw.bytes() == null ? new byte[0] : raw.bytes();
    int max = validator.limits().maxRecordBytes();
    if (bytes.length > max) {
      return reject(raw, raw.key(), RejectionReason.TOO_LARGE,
          "record of " + bytes.length + " bytes exceeds the limit of " + max + " bytes");
    }
    Decoded<DeviceTelemetry> decoded = codec.tryDecode(bytes);
    if (decoded instanceof Decoded.Failed<DeviceTelemetry> failed) {
      RejectedTelemetry rejection = Rejections.of(failed, raw.source(), raw.receivedAtEpochMs(), raw.key(),
          raw.position());
      return new Outcome.Rejected(keyOf(raw.key()), rejection);
    }
    DeviceTelemetry telemetry = ((Decoded.Ok<DeviceTelemetry>) decoded).value();
    var problem = validator.problem(telemetry, raw.key(), raw.receivedAtEpochMs(), registrations);
    if (problem.isPresent()) {
      String claimed = raw.key() != null ? raw.key() : telemetry.getDevice().getDeviceId();
      return reject(raw, claimed, RejectionReason.INVALID_VALUE, problem.get());
    }
    Object payload = telemetry.getPayload();
    if (payload instanceof LayerLatencySample layer) {
      return new Outcome.Sample(sample(telemetry, layer, raw, nowEpochMs));
    }
    if (payload instanceof NetworkSample network) {
      return new Outcome.Network(telemetry.getDevice().getDeviceId(), network, telemetry.getTimestampEpochMs());
    }
    if (payload instanceof ModelLatencySample model) {
      return new Outcome.ModelLatency(modelSample(telemetry, model, raw, nowEpochMs));
    }
    throw new IllegalStateException("validator accepted a payload it does not know: " + payload);
  }

  private static ProfilingSample sample(DeviceTelemetry t, LayerLatencySample layer, RawTelemetry raw, long now) {
    return ProfilingSample.newBuilder()
        // the telemetry id: redelivered telemetry yields the same sample id, so consumers can drop duplicates
        .setSampleId(t.getTelemetryId())
        .setDeviceClass(t.getDevice().getDeviceClass())
        .setDeviceId(t.getDevice().getDeviceId())
        .setEmulated(t.getDevice().getEmulated())
        .setThreads(t.getDevice().getRuntime().getThreads())
        .setLayer(layer.getLayer())
        .setLatencyMs(layer.getLatency().getMedianMs())
        .setLatencyStddevMs(layer.getLatency().getStddevMs())
        .setRepetitions(layer.getLatency().getRepetitions())
        .setMeasuredAtEpochMs(t.getTimestampEpochMs())
        .setValidatedAtEpochMs(now)
        .setSource(raw.source())
        .setKafkaPosition(raw.position())
        .build();
  }

  private static ModelProfilingSample modelSample(DeviceTelemetry t, ModelLatencySample model, RawTelemetry raw,
      long now) {
    return ModelProfilingSample.newBuilder()
        .setSampleId(t.getTelemetryId())
        .setDeviceClass(t.getDevice().getDeviceClass())
        .setDeviceId(t.getDevice().getDeviceId())
        .setEmulated(t.getDevice().getEmulated())
        .setThreads(t.getDevice().getRuntime().getThreads())
        .setSample(model)
        .setMeasuredAtEpochMs(t.getTimestampEpochMs())
        .setValidatedAtEpochMs(now)
        .setSource(raw.source())
        .setKafkaPosition(raw.position())
        .build();
  }

  private static Outcome.Rejected reject(RawTelemetry raw, String deviceId, RejectionReason reason, String detail) {
    RejectedTelemetry rejection = RejectedTelemetry.newBuilder()
        .setReason(reason)
        .setReasonDetail(detail)
        .setOriginalBytes(ByteBuffer.wrap(raw.bytes() == null ? new byte[0] : raw.bytes().clone()))
        .setSource(raw.source())
        .setReceivedAtEpochMs(raw.receivedAtEpochMs())
        .setDeviceId(deviceId)
        .setKafkaPosition(raw.position())
        .build();
    return new Outcome.Rejected(keyOf(deviceId), rejection);
  }

  private static String keyOf(String deviceId) {
    return deviceId == null || deviceId.isEmpty() ? Outcome.UNKNOWN_DEVICE : deviceId;
  }
}
