package io.jointcs.telemetry;

import static io.jointcs.telemetry.TelemetryFixtures.CLASS;
import static io.jointcs.telemetry.TelemetryFixtures.NOW;
import static io.jointcs.telemetry.TelemetryFixtures.layer;
import static io.jointcs.telemetry.TelemetryFixtures.network;
import static io.jointcs.telemetry.TelemetryFixtures.registration;
import static org.assertj.core.api.Assertions.assertThat;

import io.jointcs.events.DeviceRegistration;
import io.jointcs.events.DeviceTelemetry;
import io.jointcs.events.KafkaPosition;
import io.jointcs.events.ProfilingSample;
import io.jointcs.events.RejectionReason;
import io.jointcs.events.TelemetrySource;
import io.jointcs.events.codec.EventCodec;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class TelemetryIntakeTest {
  private static final EventCodec<DeviceTelemetry> CODEC = EventCodec.of(DeviceTelemetry.class);
  private static final KafkaPosition AT = KafkaPosition.newBuilder().setTopic("jointcs.telemetry.raw")
      .setPartition(2).setOffset(41).build();
  private static final Function<String, DeviceRegistration> NONE = id -> null;

  private final TelemetryIntake intake = new TelemetryIntake(
      new TelemetryValidator(ValidationLimits.defaults(), new KnownDeviceClasses(Set.of(CLASS))));

  private Outcome accept(String key, byte[] bytes) {
    return intake.accept(new RawTelemetry(key, bytes, TelemetrySource.KAFKA, NOW, AT), NONE, NOW + 5);
  }

  private Outcome.Rejected rejected(String key, DeviceTelemetry t) {
    Outcome outcome = accept(key, CODEC.encode(t));
    assertThat(outcome).isInstanceOf(Outcome.Rejected.class);
    return (Outcome.Rejected) outcome;
  }

  @Test
  void aValidLayerMeasurementBecomesATrainingSampleOfItsClass() {
    // Given a layer measurement in Avro JSON, as a simple device would send it
    DeviceTelemetry t = layer("t-1", "pi-1", 1.5);
    byte[] json = CODEC.toJson(t).getBytes(StandardCharsets.UTF_8);

    // When it is accepted
    Outcome outcome = accept("pi-1", json);

    // Then it is a sample keyed by class, carrying the measurement, its id and where it came from
    assertThat(outcome).isInstanceOf(Outcome.Sample.class);
    ProfilingSample sample = ((Outcome.Sample) outcome).sample();
    assertThat(outcome.key()).isEqualTo(CLASS);
    assertThat(sample.getSampleId()).isEqualTo("t-1");
    assertThat(sample.getDeviceId()).isEqualTo("pi-1");
    assertThat(sample.getLatencyMs()).isEqualTo(1.5);
    assertThat(sample.getThreads()).isEqualTo(4);
    assertThat(sample.getValidatedAtEpochMs()).isEqualTo(NOW + 5);
    assertThat(sample.getKafkaPosition()).isEqualTo(AT);
  }

  @Test
  void undecodableBytesAreRejectedWithTheDecodingReasonAndTheOriginalBytes() {
    byte[] garbage = {(byte) 0xC3, 0x01, 1, 2, 3};
    Outcome.Rejected r = (Outcome.Rejected) accept("pi-1", garbage);
    assertThat(r.reason()).isEqualTo(RejectionReason.CORRUPT);
    assertThat(r.rejection().getOriginalBytes().array()).isEqualTo(garbage);
    assertThat(r.rejection().getKafkaPosition()).isEqualTo(AT);
    assertThat(r.key()).isEqualTo("pi-1");

    Outcome.Rejected json = (Outcome.Rejected) accept(null, "{\"telemetryId\": ".getBytes(StandardCharsets.UTF_8));
    assertThat(json.reason()).isEqualTo(RejectionReason.MALFORMED_JSON);
    assertThat(json.key()).isEqualTo(Outcome.UNKNOWN_DEVICE);
  }

  @Test
  void valuesOutsideSaneRangesAreRejectedNamingTheField() {
    assertThat(rejected("pi-1", layer("t", "pi-1", Double.NaN)).rejection().getReasonDetail())
        .contains("payload.latency.medianMs").contains("NaN");
    assertThat(rejected("pi-1", layer("t", "pi-1", -2.0)).reason()).isEqualTo(RejectionReason.INVALID_VALUE);
    assertThat(rejected("pi-1", layer("t", "pi-1", 1e9)).rejection().getReasonDetail()).contains("medianMs");
    assertThat(rejected("pi-1", network("t", "pi-1", 0.0, 10)).rejection().getReasonDetail())
        .contains("payload.uplinkBandwidthBytesPerSec");
    assertThat(rejected("pi-1", network("t", "pi-1", 1e6, Double.POSITIVE_INFINITY)).rejection().getReasonDetail())
        .contains("payload.rttMs");
    DeviceTelemetry badGroups = layer("t", "pi-1", CLASS,
        io.jointcs.events.LayerFeatures.newBuilder(TelemetryFixtures.conv(16)).setGroups(3).build(), 1.0);
    assertThat(rejected("pi-1", badGroups).rejection().getReasonDetail()).contains("groups 3 must divide");
    // what an older reader reads an activation it does not know as: no predictor can learn from it
    DeviceTelemetry unknownActivation = layer("t", "pi-1", CLASS, io.jointcs.events.LayerFeatures.newBuilder(
        TelemetryFixtures.conv(16)).setFusedActivation(io.jointcs.events.FusedActivation.OTHER).build(), 1.0);
    assertThat(rejected("pi-1", unknownActivation).rejection().getReasonDetail())
        .contains("payload.layer").contains("fused activation OTHER");
    DeviceTelemetry future = DeviceTelemetry.newBuilder(layer("t", "pi-1", 1.0))
        .setTimestampEpochMs(NOW + 2 * 3_600_000L).build();
    assertThat(rejected("pi-1", future).rejection().getReasonDetail()).contains("ahead of the platform clock");
  }

  @Test
  void theRecordKeyMustBeTheDeviceIdSoADeviceStaysOnOnePartition() {
    assertThat(rejected("pi-2", layer("t", "pi-1", 1.0)).rejection().getReasonDetail())
        .contains("record key must be the device id 'pi-1'");
    assertThat(rejected(null, layer("t", "pi-1", 1.0)).rejection().getReasonDetail()).contains("no key");
  }

  @Test
  void aClassIsKnownFromConfigurationOrFromTheDevicesRegistration() {
    // Given jetson-x is not configured, but device jet-1 registered with it
    Map<String, DeviceRegistration> registered = Map.of("jet-1", registration("jet-1", "jetson-x"));
    DeviceTelemetry fromRegistered = layer("t-1", "jet-1", "jetson-x", TelemetryFixtures.conv(8), 1.0);
    DeviceTelemetry fromStranger = layer("t-2", "jet-2", "jetson-x", TelemetryFixtures.conv(8), 1.0);
    DeviceTelemetry lying = layer("t-3", "jet-1", CLASS, TelemetryFixtures.conv(8), 1.0);

    // When each is accepted
    Outcome a = intake.accept(new RawTelemetry("jet-1", CODEC.encode(fromRegistered), TelemetrySource.KAFKA, NOW,
        AT), registered::get, NOW);
    Outcome b = intake.accept(new RawTelemetry("jet-2", CODEC.encode(fromStranger), TelemetrySource.KAFKA, NOW,
        AT), registered::get, NOW);
    Outcome c = intake.accept(new RawTelemetry("jet-1", CODEC.encode(lying), TelemetrySource.KAFKA, NOW, AT),
        registered::get, NOW);

    // Then the registered device is accepted for its class, a stranger is not, nor a device claiming another class
    assertThat(a).isInstanceOf(Outcome.Sample.class);
    assertThat(((Outcome.Rejected) b).rejection().getReasonDetail()).contains("'jetson-x' is unknown");
    assertThat(((Outcome.Rejected) c).rejection().getReasonDetail())
        .contains("registered as class 'jetson-x'").contains("claims class '" + CLASS + "'");
  }

  @Test
  void recordsOverTheSizeLimitAreRejectedBeforeDecoding() {
    TelemetryIntake small = new TelemetryIntake(new TelemetryValidator(
        ValidationLimits.defaults().withMaxRecordBytes(100), new KnownDeviceClasses(Set.of(CLASS))));
    byte[] bytes = CODEC.encode(layer("t", "pi-1", 1.0));
    Outcome outcome = small.accept(new RawTelemetry("pi-1", bytes, TelemetrySource.HTTP, NOW, null), NONE, NOW);
    Outcome.Rejected r = (Outcome.Rejected) outcome;
    assertThat(r.reason()).isEqualTo(RejectionReason.TOO_LARGE);
    assertThat(r.rejection().getSource()).isEqualTo(TelemetrySource.HTTP);
    assertThat(r.rejection().getOriginalBytes().array()).isEqualTo(bytes);
  }

  @Test
  void networkSamplesAreValidatedButNotSamples() {
    Outcome outcome = accept("pi-1", CODEC.encode(network("n-1", "pi-1", 1.25e6, 18.5)));
    assertThat(outcome).isInstanceOf(Outcome.Network.class);
    assertThat(outcome.key()).isEqualTo("pi-1");
  }
}
