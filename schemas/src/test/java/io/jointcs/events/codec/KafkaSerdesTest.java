package io.jointcs.events.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jointcs.events.DeploymentPlan;
import io.jointcs.events.DeviceTelemetry;
import io.jointcs.events.KafkaPosition;
import io.jointcs.events.RejectedTelemetry;
import io.jointcs.events.RejectionReason;
import io.jointcs.events.TelemetrySource;
import io.jointcs.events.codec.EventDecodingException.Reason;
import io.jointcs.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class KafkaSerdesTest {
  private static final String PLANS = Topics.PLANS.name();
  private static final String RAW = Topics.TELEMETRY_RAW.name();

  @Test
  void serializerAndDeserializerRoundTripAndKeepTombstones() {
    EventSerializer<DeploymentPlan> serializer = new EventSerializer<>(DeploymentPlan.class);
    EventDeserializer<DeploymentPlan> deserializer = new EventDeserializer<>(DeploymentPlan.class);

    byte[] bytes = serializer.serialize(PLANS, SampleEvents.plan());

    assertThat(deserializer.deserialize(PLANS, bytes)).isEqualTo(SampleEvents.plan());
    assertThat(serializer.serialize(PLANS, null)).isNull();
    assertThat(deserializer.deserialize(PLANS, null)).isNull();
  }

  @Test
  void kafkaInstantiatedSerdesReadTheEventClassFromConfiguration() {
    // Given: what Kafka does with value.serializer=<class name>: no-arg constructor, then configure
    EventSerializer<DeploymentPlan> serializer = new EventSerializer<>();
    serializer.configure(Map.of(EventSerializer.EVENT_CLASS_CONFIG, DeploymentPlan.class.getName()), false);
    EventDeserializer<DeploymentPlan> deserializer = new EventDeserializer<>();
    deserializer.configure(Map.of(EventDeserializer.EVENT_CLASS_CONFIG, DeploymentPlan.class), false);

    // When
    byte[] bytes = serializer.serialize(PLANS, SampleEvents.plan());

    // Then
    assertThat(deserializer.deserialize(PLANS, bytes)).isEqualTo(SampleEvents.plan());
  }

  @Test
  void missingOrWrongEventClassConfigurationIsAConfigError() {
    assertThatThrownBy(() -> new EventDeserializer<>().configure(Map.of(), false))
        .isInstanceOf(ConfigException.class).hasMessageContaining(EventDeserializer.EVENT_CLASS_CONFIG);
    assertThatThrownBy(() -> new EventDeserializer<>()
        .configure(Map.of(EventDeserializer.EVENT_CLASS_CONFIG, "io.jointcs.events.NoSuchEvent"), false))
        .isInstanceOf(ConfigException.class).hasMessageContaining("no such class");
    assertThatThrownBy(() -> new EventDeserializer<>()
        .configure(Map.of(EventDeserializer.EVENT_CLASS_CONFIG, String.class.getName()), false))
        .isInstanceOf(ConfigException.class).hasMessageContaining("not a generated Avro record class");
    assertThatThrownBy(() -> new EventSerializer<DeploymentPlan>().serialize(PLANS, SampleEvents.plan()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("not configured");
  }

  @Test
  void throwingDeserializerRaisesKafkasSerializationExceptionWithTheTypedCause() {
    EventDeserializer<DeploymentPlan> deserializer = new EventDeserializer<>(DeploymentPlan.class);

    assertThatThrownBy(() -> deserializer.deserialize(PLANS, new byte[] {(byte) 0xC3, 0x01, 7}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining(PLANS)
        .hasMessageContaining("CORRUPT")
        .cause()
        .isInstanceOfSatisfying(EventDecodingException.class,
            cause -> assertThat(cause.reason()).isEqualTo(Reason.CORRUPT));
  }

  @Test
  void decodedDeserializerNeverThrowsOnBadBytes() {
    DecodedDeserializer<DeviceTelemetry> deserializer = new DecodedDeserializer<>();
    deserializer.configure(Map.of(DecodedDeserializer.EVENT_CLASS_CONFIG, DeviceTelemetry.class.getName()), false);
    EventCodec<DeviceTelemetry> codec = EventCodec.of(DeviceTelemetry.class);
    byte[] binary = codec.encode(SampleEvents.layerTelemetry());
    byte[] json = codec.toJson(SampleEvents.layerTelemetry()).getBytes(StandardCharsets.UTF_8);
    byte[] truncated = Arrays.copyOf(binary, binary.length / 2);

    assertThat(deserializer.deserialize(RAW, binary).asOptional()).contains(SampleEvents.layerTelemetry());
    assertThat(deserializer.deserialize(RAW, json).asOptional()).contains(SampleEvents.layerTelemetry());
    assertThat(deserializer.deserialize(RAW, null)).isNull();
    Decoded<DeviceTelemetry> bad = deserializer.deserialize(RAW, truncated);
    assertThat(bad).isInstanceOfSatisfying(Decoded.Failed.class, failed -> {
      assertThat(failed.reason()).isEqualTo(Reason.CORRUPT);
      assertThat(failed.originalBytes()).isEqualTo(truncated);
    });
    assertThat(deserializer.deserialize(RAW, "garbage".getBytes(StandardCharsets.UTF_8)).isOk()).isFalse();
  }

  @Test
  void serdeWorksForKafkaStreams() {
    EventSerde<DeploymentPlan> serde = EventSerde.of(DeploymentPlan.class);
    EventSerde<DeploymentPlan> configured = new EventSerde<>();
    configured.configure(Map.of(EventSerde.EVENT_CLASS_CONFIG, DeploymentPlan.class.getName()), false);

    byte[] bytes = serde.serializer().serialize(PLANS, SampleEvents.plan());

    assertThat(configured.deserializer().deserialize(PLANS, bytes)).isEqualTo(SampleEvents.plan());
  }

  @Test
  void failuresBecomeRejectedTelemetryThatItselfEncodes() throws Exception {
    // Given
    byte[] garbage = {(byte) 0xC3, 0x01, 1, 2};
    Decoded.Failed<DeviceTelemetry> failed =
        EventCodec.of(DeviceTelemetry.class).tryDecode(garbage).failure().orElseThrow();
    KafkaPosition position = SampleEvents.position();

    // When
    RejectedTelemetry rejected = Rejections.of(failed, TelemetrySource.KAFKA, SampleEvents.T0, "pi-lab-07", position);

    // Then
    assertThat(rejected.getReason()).isEqualTo(RejectionReason.CORRUPT);
    assertThat(rejected.getReasonDetail()).isEqualTo(failed.message());
    assertThat(rejected.getOriginalBytes().array()).isEqualTo(garbage);
    assertThat(rejected.getKafkaPosition()).isEqualTo(position);
    EventCodec<RejectedTelemetry> codec = EventCodec.of(RejectedTelemetry.class);
    assertThat(codec.decode(codec.encode(rejected))).isEqualTo(rejected);
  }

  @Test
  void everyDecodingReasonHasARejectionReason() {
    for (Reason reason : Reason.values()) {
      assertThat(reason.toRejectionReason().name()).isEqualTo(reason.name());
    }
  }
}
