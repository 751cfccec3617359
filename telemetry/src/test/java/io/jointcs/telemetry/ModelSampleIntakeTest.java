package io.jointcs.telemetry;

import static io.jointcs.telemetry.TelemetryFixtures.CLASS;
import static io.jointcs.telemetry.TelemetryFixtures.NOW;
import static io.jointcs.telemetry.TelemetryFixtures.model;
import static io.jointcs.telemetry.TelemetryFixtures.modelPart;
import static io.jointcs.telemetry.TelemetryFixtures.split;
import static org.assertj.core.api.Assertions.assertThat;

import io.jointcs.events.DeviceTelemetry;
import io.jointcs.events.KafkaPosition;
import io.jointcs.events.ModelLatencySample;
import io.jointcs.events.ModelPart;
import io.jointcs.events.ModelProfilingSample;
import io.jointcs.events.NetworkMeasurementMethod;
import io.jointcs.events.RejectionReason;
import io.jointcs.events.TelemetrySource;
import io.jointcs.events.codec.EventCodec;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Whole-model, head, tail and end-to-end split samples through the one validation path. */
class ModelSampleIntakeTest {
  private static final EventCodec<DeviceTelemetry> CODEC = EventCodec.of(DeviceTelemetry.class);
  private static final KafkaPosition AT = KafkaPosition.newBuilder().setTopic("jointcs.telemetry.raw")
      .setPartition(1).setOffset(7).build();

  private final TelemetryIntake intake = new TelemetryIntake(
      new TelemetryValidator(ValidationLimits.defaults(), new KnownDeviceClasses(Set.of(CLASS))));

  private Outcome accept(byte[] bytes) {
    return intake.accept(new RawTelemetry("pi-1", bytes, TelemetrySource.KAFKA, NOW, AT), id -> null, NOW + 5);
  }

  private Outcome accept(ModelLatencySample sample) {
    return accept(CODEC.encode(model("m-1", "pi-1", CLASS, sample)));
  }

  private String rejection(ModelLatencySample sample) {
    byte[] bytes = CODEC.encode(model("m-1", "pi-1", CLASS, sample));
    Outcome outcome = accept(bytes);
    assertThat(outcome).as("rejected: %s", sample).isInstanceOf(Outcome.Rejected.class);
    Outcome.Rejected r = (Outcome.Rejected) outcome;
    assertThat(r.reason()).isEqualTo(RejectionReason.INVALID_VALUE);
    assertThat(r.rejection().getOriginalBytes().array()).isEqualTo(bytes);
    assertThat(r.key()).isEqualTo("pi-1");
    return r.rejection().getReasonDetail();
  }

  @Test
  void aValidSplitSampleBecomesAModelSampleOfItsClassWithItsBreakdown() {
    // Given an end-to-end split inference over a shaped link, sent as Avro JSON
    ModelLatencySample split = split(4, 12.5, 13.9, 4.4, 31.0);
    byte[] json = CODEC.toJson(model("m-1", "pi-1", CLASS, split)).getBytes(StandardCharsets.UTF_8);

    // When
    Outcome outcome = accept(json);

    // Then: keyed by device class, the measurement exactly as sent, traced to its source
    assertThat(outcome).isInstanceOf(Outcome.ModelLatency.class);
    assertThat(outcome.key()).isEqualTo(CLASS);
    ModelProfilingSample sample = ((Outcome.ModelLatency) outcome).sample();
    assertThat(sample.getSampleId()).isEqualTo("m-1");
    assertThat(sample.getDeviceId()).isEqualTo("pi-1");
    assertThat(sample.getEmulated()).isFalse();
    assertThat(sample.getThreads()).isEqualTo(4);
    assertThat(sample.getSample()).isEqualTo(split);
    assertThat(sample.getSample().getNetworkMeasurementMethod()).isEqualTo(NetworkMeasurementMethod.SHAPED_EMULATION);
    assertThat(sample.getMeasuredAtEpochMs()).isEqualTo(NOW - 1_000);
    assertThat(sample.getValidatedAtEpochMs()).isEqualTo(NOW + 5);
    assertThat(sample.getKafkaPosition()).isEqualTo(AT);
  }

  @Test
  void headWholeAndTailSamplesAreAcceptedToo() {
    assertThat(accept(modelPart(ModelPart.WHOLE, 11, 9.0))).isInstanceOf(Outcome.ModelLatency.class);
    assertThat(accept(modelPart(ModelPart.HEAD, 3, 2.0))).isInstanceOf(Outcome.ModelLatency.class);
    assertThat(accept(modelPart(ModelPart.TAIL, 3, 7.0))).isInstanceOf(Outcome.ModelLatency.class);
    // cut 0: the input is uploaded, nothing runs on the device
    assertThat(accept(split(0, 0.0, 20.0, 9.0, 29.5))).isInstanceOf(Outcome.ModelLatency.class);
    // the parts of a split add up only approximately (medians): within 25% is accepted
    assertThat(accept(split(4, 12.0, 12.0, 4.0, 34.0))).isInstanceOf(Outcome.ModelLatency.class);
  }

  @Test
  void aBreakdownThatDoesNotAddUpIsRejectedNamingTheNumbers() {
    assertThat(rejection(split(4, 5.0, 10.0, 5.0, 31.0)))
        .contains("payload.headMs + transferMs + tailMs = 20.0 ms differs from latency.medianMs 31.0 ms")
        .contains("25%");
    assertThat(rejection(split(4, 20.0, 20.0, 5.0, 31.0))).contains("45.0 ms differs");
  }

  @Test
  void splitBreakdownFieldsMustBePresentFiniteAndPositive() {
    ModelLatencySample ok = split(4, 12.5, 13.9, 4.4, 31.0);
    assertThat(rejection(ModelLatencySample.newBuilder(ok).setHeadMs(null).build()))
        .contains("payload.headMs of a SPLIT sample is missing");
    assertThat(rejection(ModelLatencySample.newBuilder(ok).setTransferMs(Double.NaN).build()))
        .contains("payload.transferMs must be finite").contains("NaN");
    assertThat(rejection(ModelLatencySample.newBuilder(ok).setTailMs(-1.0).build()))
        .contains("payload.tailMs");
    assertThat(rejection(ModelLatencySample.newBuilder(ok).setCutBytes(null).build()))
        .contains("payload.cutBytes of a SPLIT sample is missing");
    assertThat(rejection(ModelLatencySample.newBuilder(ok).setCutBytes(0L).build()))
        .contains("payload.cutBytes must be in 1..");
    assertThat(rejection(ModelLatencySample.newBuilder(ok).setUplinkBandwidthBytesPerSec(0.0).build()))
        .contains("payload.uplinkBandwidthBytesPerSec");
    assertThat(rejection(ModelLatencySample.newBuilder(ok).setRttMs(Double.POSITIVE_INFINITY).build()))
        .contains("payload.rttMs");
    // a head of 0 blocks takes no time, and a head of some blocks takes some
    assertThat(rejection(split(0, 3.0, 20.0, 9.0, 31.0))).contains("headMs must be 0 exactly when cutPoint is 0");
    assertThat(rejection(split(4, 0.0, 20.0, 9.0, 29.0))).contains("headMs must be 0 exactly when cutPoint is 0");
  }

  @Test
  void cutPointsMustFitTheirPartAndTheBlockCount() {
    assertThat(rejection(split(11, 12.5, 13.9, 4.4, 31.0))).contains("payload.cutPoint of a SPLIT must be in 0..10");
    assertThat(rejection(split(12, 12.5, 13.9, 4.4, 31.0))).contains("payload.cutPoint must be in 0..11, got 12");
    assertThat(rejection(modelPart(ModelPart.WHOLE, 5, 9.0))).contains("WHOLE model must equal blockCount 11");
    assertThat(rejection(modelPart(ModelPart.HEAD, 0, 9.0))).contains("payload.cutPoint of a HEAD must be in 1..11");
    assertThat(rejection(modelPart(ModelPart.TAIL, 11, 9.0))).contains("payload.cutPoint of a TAIL must be in 0..10");
    assertThat(rejection(ModelLatencySample.newBuilder(modelPart(ModelPart.WHOLE, 11, 9.0)).setBlockCount(0)
        .setCutPoint(0).build())).contains("payload.blockCount must be in 1..");
  }

  @ParameterizedTest
  @EnumSource(value = ModelPart.class, names = {"HEAD", "WHOLE"})
  void breakdownFieldsOnAnythingButASplitAreRejected(ModelPart part) {
    ModelLatencySample base = modelPart(part, part == ModelPart.WHOLE ? 11 : 4, 9.0);
    assertThat(rejection(ModelLatencySample.newBuilder(base).setTransferMs(2.0).build()))
        .contains("payload.transferMs is for SPLIT samples only and must be null for " + part);
    assertThat(rejection(ModelLatencySample.newBuilder(base)
        .setNetworkMeasurementMethod(NetworkMeasurementMethod.SHAPED_EMULATION).build()))
        .contains("payload.networkMeasurementMethod is for SPLIT samples only");
  }

  @Test
  void anUnknownPartAndBadLatenciesAreRejected() {
    assertThat(rejection(modelPart(ModelPart.OTHER, 4, 9.0)))
        .contains("payload.part OTHER is not a model part this platform knows");
    ModelLatencySample nan = ModelLatencySample.newBuilder(split(4, 12.5, 13.9, 4.4, 31.0))
        .setLatency(TelemetryFixtures.latency(Double.NaN)).build();
    assertThat(rejection(nan)).contains("payload.latency.medianMs");
    assertThat(rejection(ModelLatencySample.newBuilder(modelPart(ModelPart.WHOLE, 11, 9.0)).setModelSpec(" ")
        .build())).contains("payload.modelSpec");
  }
}
