package io.jointcs.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointcs.events.RejectionReason;
import io.jointcs.events.TelemetrySource;
import io.jointcs.telemetry.KnownDeviceClasses;
import io.jointcs.telemetry.Outcome;
import io.jointcs.telemetry.RawTelemetry;
import io.jointcs.telemetry.TelemetryBatch;
import io.jointcs.telemetry.TelemetryIntake;
import io.jointcs.telemetry.TelemetryValidator;
import io.jointcs.telemetry.ValidationLimits;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The generated records against ingestion's own validation path: good ones pass, every malformation is rejected. */
class TelemetryFactoryTest {
  static final String CLASS = "load-test-4t";
  static final String DEVICE = "load-dev-0007";
  final TelemetryFactory factory = new TelemetryFactory("Lrun42", CLASS);
  final TelemetryIntake intake = new TelemetryIntake(
      new TelemetryValidator(ValidationLimits.defaults(), new KnownDeviceClasses(Set.of(CLASS))));
  final long now = System.currentTimeMillis();

  Outcome judge(byte[] bytes, TelemetrySource source) {
    return intake.accept(new RawTelemetry(DEVICE, bytes, source, now, null), id -> null, now);
  }

  @Test
  void goodRecordsBecomeSamplesWhoseIdNamesTheirSequence() {
    Outcome kafka = judge(factory.goodBinary(1234, DEVICE, now), TelemetrySource.KAFKA);
    Outcome http = judge(factory.goodJson(99, DEVICE, now).getBytes(StandardCharsets.UTF_8), TelemetrySource.HTTP);

    assertThat(kafka).isInstanceOf(Outcome.Sample.class);
    assertThat(factory.sequenceOf(((Outcome.Sample) kafka).sample().getSampleId())).isEqualTo(1234);
    assertThat(http).isInstanceOf(Outcome.Sample.class);
    assertThat(factory.sequenceOf(((Outcome.Sample) http).sample().getSampleId())).isEqualTo(99);
    assertThat(factory.sequenceOf("Lother-5")).isEqualTo(-1);
    assertThat(factory.sequenceOf("Lrun42-x")).isEqualTo(-1);
  }

  @ParameterizedTest
  @EnumSource(Malformation.class)
  void everyMalformationOverKafkaIsRejectedAndTraceable(Malformation kind) {
    byte[] bytes = factory.badBinary(kind, 4711, DEVICE, now);

    Outcome outcome = judge(bytes, TelemetrySource.KAFKA);

    assertThat(outcome).isInstanceOf(Outcome.Rejected.class);
    RejectionReason reason = ((Outcome.Rejected) outcome).reason();
    switch (kind) {
      case TRUNCATED, GARBAGE -> assertThat(reason).isIn(RejectionReason.CORRUPT, RejectionReason.MALFORMED_JSON);
      case SCHEMA_MISMATCH -> assertThat(reason).isEqualTo(RejectionReason.UNKNOWN_SCHEMA);
      default -> assertThat(reason).isEqualTo(RejectionReason.INVALID_VALUE);
    }
    assertThat(factory.sequenceIn(original(outcome))).isEqualTo(4711);
  }

  @ParameterizedTest
  @EnumSource(Malformation.class)
  void everyMalformationInAnHttpBatchIsOneRejectedRecord(Malformation kind) throws Exception {
    String batch = "[" + factory.goodJson(1, DEVICE, now) + "," + factory.badJson(kind, 2, DEVICE, now) + "]";

    List<TelemetryBatch.Item> items = TelemetryBatch.split(batch.getBytes(StandardCharsets.UTF_8), 1000);

    assertThat(items).hasSize(2);
    assertThat(items).allSatisfy(i -> assertThat(i.claimedDeviceId()).isIn(null, DEVICE));
    assertThat(judge(items.get(0).bytes(), TelemetrySource.HTTP)).isInstanceOf(Outcome.Sample.class);
    Outcome bad = judge(items.get(1).bytes(), TelemetrySource.HTTP);
    assertThat(bad).isInstanceOf(Outcome.Rejected.class);
    assertThat(factory.sequenceIn(original(bad))).isEqualTo(2);
  }

  @Test
  void theInvalidShareIsSpreadEvenly() {
    long bad = 0;
    for (long seq = 0; seq < 1000; seq++) {
      bad += IngestionRun.isBad(seq, 0.1) ? 1 : 0;
    }
    assertThat(bad).isEqualTo(100);
    assertThat(IngestionRun.isBad(5, 0.0)).isFalse();
  }

  private static byte[] original(Outcome outcome) {
    ByteBuffer b = ((Outcome.Rejected) outcome).rejection().getOriginalBytes();
    byte[] bytes = new byte[b.remaining()];
    b.duplicate().get(bytes);
    return bytes;
  }
}
