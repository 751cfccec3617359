package io.jointcs.telemetry.publish;

import static io.jointcs.telemetry.TelemetryFixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.jointcs.events.DeviceTelemetry;
import io.jointcs.events.LayerLatencySample;
import io.jointcs.events.ModelLatencySample;
import io.jointcs.events.ModelPart;
import io.jointcs.events.codec.EventCodec;
import io.jointcs.latency.prediction.LayerFeatures;
import io.jointcs.latency.profiling.DeviceDescriptor;
import io.jointcs.latency.profiling.LayerPlacement;
import io.jointcs.latency.profiling.LayerProfile;
import io.jointcs.latency.profiling.RangeProfile;
import io.jointcs.latency.profiling.RangeScope;
import io.jointcs.latency.profiling.TimingStats;
import io.jointcs.latency.telemetry.ModelTelemetry;
import io.jointcs.model.Architecture;
import io.jointcs.model.ModelSpec;
import io.jointcs.telemetry.KnownDeviceClasses;
import io.jointcs.telemetry.TelemetryValidator;
import io.jointcs.telemetry.ValidationLimits;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProfileTelemetryTest {
  private static final DeviceDescriptor HOST = new DeviceDescriptor("cpu-1t", "Test CPU", 2, 2, "0-1", false, 0.5, 1,
      1, 1, "Linux 6.1", "amd64", "PyTorch", "2.7.1", "0.36.0", "17", false, "real configuration, nothing emulated");
  private static final ModelSpec SPEC = ModelSpec.base(Architecture.RESNET20, 10);
  private static final TimingStats TIMING = new TimingStats(0.9, 1.3, 0.05, 0.4, 30, 2, true);
  private static final String AT = Instant.ofEpochMilli(NOW - 5_000).toString();
  private static final TelemetryValidator VALIDATOR = new TelemetryValidator(ValidationLimits.defaults(),
      new KnownDeviceClasses(Set.of("cpu-1t")));

  private final ProfileTelemetry telemetry = new ProfileTelemetry("pi-9", 4L << 30, 5);

  private static RangeProfile range(RangeScope scope, int from, int to) {
    return new RangeProfile("resnet20-base", SPEC, scope, from, to, 1, 1000, 1.1, 1.0, TIMING, HOST, AT);
  }

  private DeviceTelemetry valid(DeviceTelemetry t) throws Exception {
    DeviceTelemetry back = EventCodec.of(DeviceTelemetry.class).decode(EventCodec.of(DeviceTelemetry.class)
        .encode(t));
    assertThat(VALIDATOR.problem(back, "pi-9", NOW, id -> null)).isEmpty();
    return back;
  }

  @Test
  void wholeModelsHeadsAndTailsBecomeModelSamplesWithTheirCutPoints() throws Exception {
    int blocks = SPEC.plan().blockCount();
    ModelLatencySample whole = (ModelLatencySample) valid(telemetry.toTelemetry(range(RangeScope.MODEL, 0, blocks))
        .orElseThrow()).getPayload();
    ModelLatencySample head = (ModelLatencySample) valid(telemetry.toTelemetry(range(RangeScope.HEAD, 0, 4))
        .orElseThrow()).getPayload();
    ModelLatencySample tail = (ModelLatencySample) valid(telemetry.toTelemetry(range(RangeScope.TAIL, 4, blocks))
        .orElseThrow()).getPayload();

    assertThat(whole.getPart()).isEqualTo(ModelPart.WHOLE);
    assertThat(whole.getCutPoint()).isEqualTo(blocks);
    assertThat(head.getPart()).isEqualTo(ModelPart.HEAD);
    assertThat(head.getCutPoint()).isEqualTo(4);
    assertThat(tail.getPart()).isEqualTo(ModelPart.TAIL);
    assertThat(tail.getCutPoint()).isEqualTo(4);
    assertThat(ModelTelemetry.parseSpec(whole.getModelSpec())).isEqualTo(SPEC);
    assertThat(whole.getLatency().getMedianMs()).isEqualTo(1.1);
    assertThat(whole.getLatency().getRepetitions()).isEqualTo(28);
    assertThat(whole.getLatency().getWarmupRuns()).isEqualTo(5);
    // a single block is no part a model sample can name
    assertThat(telemetry.toTelemetry(range(RangeScope.BLOCK, 3, 4))).isEmpty();
  }

  @Test
  void aLayerBecomesALayerSampleOfTheDeviceWithAStableId() throws Exception {
    LayerFeatures f = LayerFeatures.of(SPEC.plan().layers().get(0), 1);
    LayerProfile profile = new LayerProfile(new io.jointcs.latency.prediction.LayerLatencySample("cpu-1t", f, 0.25,
        "resnet20-base", "conv1"), LayerPlacement.ISOLATED, TIMING, HOST, AT);

    DeviceTelemetry t = valid(telemetry.toTelemetry(profile).orElseThrow());

    assertThat(t.getPayload()).isInstanceOf(LayerLatencySample.class);
    assertThat(t.getDevice().getDeviceId()).isEqualTo("pi-9");
    assertThat(t.getDevice().getDeviceClass()).isEqualTo("cpu-1t");
    assertThat(t.getDevice().getEmulated()).isFalse();
    assertThat(t.getTimestampEpochMs()).isEqualTo(NOW - 5_000);
    // the same record always gets the same id; another device another one
    assertThat(telemetry.toTelemetry(profile).orElseThrow().getTelemetryId()).isEqualTo(t.getTelemetryId());
    assertThat(new ProfileTelemetry("pi-10", 1, 5).toTelemetry(profile).orElseThrow().getTelemetryId())
        .isNotEqualTo(t.getTelemetryId());
  }
}
