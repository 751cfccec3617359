package io.jointcs.events.codec;

import io.jointcs.events.KafkaPosition;
import io.jointcs.events.RejectedTelemetry;
import io.jointcs.events.TelemetrySource;
import java.nio.ByteBuffer;
import java.util.Objects;

/** Turns a decoding failure into the {@link RejectedTelemetry} event that records it. */
public final class Rejections {
  private Rejections() {}

  /**
   * @param failure why the telemetry could not be decoded, with its original bytes
   * @param source how it reached the platform
   * @param receivedAtEpochMs platform clock at arrival, epoch ms
   * @param deviceId device it claims to come from (record key, HTTP header), or null
   * @param kafkaPosition where it was read from, or null for HTTP
   */
  public static RejectedTelemetry of(Decoded.Failed<?> failure, TelemetrySource source, long receivedAtEpochMs,
      String deviceId, KafkaPosition kafkaPosition) {
    Objects.requireNonNull(failure, "failure");
    return RejectedTelemetry.newBuilder()
        .setReason(failure.reason().toRejectionReason())
        .setReasonDetail(failure.message())
        .setOriginalBytes(ByteBuffer.wrap(failure.originalBytes()))
        .setSource(Objects.requireNonNull(source, "source"))
        .setReceivedAtEpochMs(receivedAtEpochMs)
        .setDeviceId(deviceId)
        .setKafkaPosition(kafkaPosition)
        .build();
  }
}
