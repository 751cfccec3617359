package io.jointcs.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointcs.events.DeviceTelemetry;
import io.jointcs.events.LayerLatencySample;
import io.jointcs.events.ModelLatencySample;
import io.jointcs.events.ModelPart;
import io.jointcs.events.NetworkMeasurementMethod;
import io.jointcs.events.NetworkSample;
import io.jointcs.events.codec.EventCodec;
import io.jointcs.latency.prediction.LayerFeatures;
import io.jointcs.latency.profiling.DeviceDescriptor;
import io.jointcs.latency.profiling.LayerPlacement;
import io.jointcs.latency.profiling.LayerProfile;
import io.jointcs.latency.profiling.TimingStats;
import io.jointcs.splitinference.LinkEmulation;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TelemetryFactoryTest {
  private static final EventCodec<DeviceTelemetry> CODEC = EventCodec.of(DeviceTelemetry.class);
  private static final DeviceDescriptor HOST = new DeviceDescriptor("cpu-1t", "Test CPU", 2, 2, "0-1", false, 0.5, 1,
      1, 1, "Linux 6.1", "amd64", "PyTorch", "2.7.1", "0.36.0", "17", false, "real configuration, nothing emulated");
  private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(1_767_225_600_000L), ZoneOffset.UTC);

  private static TelemetryFactory factory() {
    return new TelemetryFactory(new DeviceIdentity("pi-1", HOST, 4L << 30), CLOCK, 5);
  }

  /** Encodes to Avro single-object bytes and decodes back: the envelope is valid against the schema. */
  private static DeviceTelemetry roundTrip(DeviceTelemetry t) throws Exception {
    return CODEC.decode(CODEC.encode(t));
  }

  @Test
  void aShapedLinkIsSaidInTheNetworkSampleNotInTheComputeDescriptor() throws Exception {
    // Given an emulated 8 Mbit/s uplink with 20 ms rtt in front of a real CPU
    LinkEmulation link = new LinkEmulation(1e6, 20);
    UplinkMeasurement m = new UplinkMeasurement(0.98e6, 20.4, 65552, link, "127.0.0.1:7070");
    // When a network sample is built
    DeviceTelemetry t = roundTrip(factory().network(m));
    // Then it is valid Avro, measured by shaped emulation, and the device's compute is not called emulated
    assertThat(t.getDevice().getEmulated()).isFalse();
    assertThat(t.getDevice().getEmulationNote()).isNull();
    assertThat(t.getDevice().getDeviceId()).isEqualTo("pi-1");
    assertThat(t.getDevice().getRuntime().getThreads()).isEqualTo(1);
    assertThat(t.getTimestampEpochMs()).isEqualTo(1_767_225_600_000L);
    NetworkSample sample = (NetworkSample) t.getPayload();
    assertThat(sample.getMeasurementMethod()).isEqualTo(NetworkMeasurementMethod.SHAPED_EMULATION);
    assertThat(sample.getUplinkBandwidthBytesPerSec()).isEqualTo(0.98e6);
    assertThat(sample.getProbeSizeBytes()).isEqualTo(65552);
  }

  @Test
  void theRealNetworkIsNotEmulatedAndIdsAreUnique() throws Exception {
    LinkEmulation real = LinkEmulation.unshaped();
    TelemetryFactory factory = factory();
    UplinkMeasurement m = new UplinkMeasurement(5e7, 0.2, 65552, real, "edge:7070");
    DeviceTelemetry a = roundTrip(factory.network(m));
    DeviceTelemetry b = roundTrip(factory.network(m));
    assertThat(a.getDevice().getEmulated()).isFalse();
    assertThat(a.getDevice().getEmulationNote()).isNull();
    assertThat(((NetworkSample) a.getPayload()).getMeasurementMethod()).isEqualTo(NetworkMeasurementMethod.TCP_TRANSFER);
    assertThat(a.getTelemetryId()).isNotEqualTo(b.getTelemetryId());
  }

  @Test
  void aTimedLayerBecomesALayerLatencySample() throws Exception {
    // Given a layer profile as the profiler makes it
    LayerFeatures features = TestArtifacts.SPEC.plan().layers().stream().findFirst()
        .map(l -> LayerFeatures.of(l, 1)).orElseThrow();
    LayerProfile profile = new LayerProfile(
        new io.jointcs.latency.prediction.LayerLatencySample("cpu-1t", features, 0.25, null, "conv-sample"),
        LayerPlacement.ISOLATED, new TimingStats(0.2, 0.3, 0.01, 0.4, 40, 2, true), HOST, "2026-01-01T00:00:00Z");
    // When it is built into an envelope (whatever link is in force: the factory does not even know it)
    DeviceTelemetry t = roundTrip(factory().layer(profile));
    // Then the median, spread and run counts are kept, and a real CPU's layer is not flagged emulated
    LayerLatencySample sample = (LayerLatencySample) t.getPayload();
    assertThat(sample.getLatency().getMedianMs()).isEqualTo(0.25);
    assertThat(sample.getLatency().getP10Ms()).isEqualTo(0.2);
    assertThat(sample.getLatency().getP90Ms()).isEqualTo(0.3);
    assertThat(sample.getLatency().getRepetitions()).isEqualTo(38);
    assertThat(sample.getLatency().getWarmupRuns()).isEqualTo(5);
    assertThat(sample.getLayer().getInChannels()).isEqualTo(features.inChannels());
    assertThat(t.getDevice().getEmulated()).isFalse();
  }

  @Test
  void anEmulatedSlowerDeviceStretchesItsLayerLatenciesAndSaysSo() throws Exception {
    // Given a device EMULATING a 10x slower one on a real network, and a layer timed at 0.25 ms median
    LayerFeatures features = TestArtifacts.SPEC.plan().layers().stream().findFirst()
        .map(l -> LayerFeatures.of(l, 1)).orElseThrow();
    DeviceDescriptor host = new DeviceDescriptor("cpu-1t-slow10x", "Test CPU", 2, 2, "0-1", false, 0.5, 1, 1, 1,
        "Linux 6.1", "amd64", "PyTorch", "2.7.1", "0.36.0", "17", false, "real configuration, nothing emulated");
    LayerProfile profile = new LayerProfile(
        new io.jointcs.latency.prediction.LayerLatencySample("cpu-1t-slow10x", features, 0.25, null, "conv-sample"),
        LayerPlacement.ISOLATED, new TimingStats(0.2, 0.3, 0.01, 0.4, 40, 2, true), host, "2026-01-01T00:00:00Z");
    DeviceIdentity slow = new DeviceIdentity("pi-slow", DeviceIdentity.slowedDown(host, 10), 4L << 30);
    TelemetryFactory factory = new TelemetryFactory(slow, CLOCK, 5, 10);
    // When it is published
    DeviceTelemetry t = roundTrip(factory.layer(profile));
    // Then the latencies are ten times the measured ones, and the envelope is emulated although the link is real
    LayerLatencySample sample = (LayerLatencySample) t.getPayload();
    assertThat(sample.getLatency().getMedianMs()).isCloseTo(2.5, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(sample.getLatency().getP10Ms()).isCloseTo(2.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(sample.getLatency().getP90Ms()).isCloseTo(3.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(t.getDevice().getEmulated()).isTrue();
    assertThat(t.getDevice().getEmulationNote()).contains("EMULATED slower device").contains("x10");
    // and a slowdown of 1 leaves the real descriptor as it is
    assertThat(DeviceIdentity.slowedDown(HOST, 1)).isSameAs(HOST);
  }

  @Test
  void aLatencyWindowBecomesAModelLatencySample() throws Exception {
    LatencyWindow window = new LatencyWindow();
    for (int i = 1; i <= 100; i++) {
      window.record(i / 10.0);
    }
    ModelLatencySample sample = TelemetryFactory.modelSample("resnet20[4,4,8,16]", null, ModelPart.HEAD, 3, 10, 1,
        window.drain());
    DeviceTelemetry t = roundTrip(factory().model(sample));
    ModelLatencySample back = (ModelLatencySample) t.getPayload();
    assertThat(back.getPart()).isEqualTo(ModelPart.HEAD);
    assertThat(back.getLatency().getRepetitions()).isEqualTo(100);
    assertThat(back.getLatency().getMedianMs()).isBetween(4.9, 5.1);
    assertThat(back.getLatency().getP10Ms()).isLessThanOrEqualTo(back.getLatency().getMedianMs());
    assertThat(back.getLatency().getP90Ms()).isGreaterThanOrEqualTo(back.getLatency().getMedianMs());
  }

  private static LatencyWindow.Summary window(double fromMs, double stepMs) {
    LatencyWindow w = new LatencyWindow();
    for (int i = 0; i < 50; i++) {
      w.record(fromMs + i * stepMs);
    }
    return w.drain();
  }

  @Test
  void aSplitWindowBecomesASplitSampleWithItsBreakdownAndTheShapedLinkItRanOver() throws Exception {
    // Given a window of split requests at cut 3 over a shaped 8 Mbit/s, 5 ms link
    LinkEmulation shaped = new LinkEmulation(1e6, 5);
    LatencyWindow.Summary head = window(2.0, 0.02);
    LatencyWindow.Summary transfer = window(20.0, 0.1);
    LatencyWindow.Summary edge = window(4.0, 0.02);
    LatencyWindow.Summary e2e = window(26.5, 0.14);
    // When the sample is built and published
    ModelLatencySample split = TelemetryFactory.splitSample("resnet20[4,4,8,16]", null, 3, 10, 1, e2e, head,
        transfer, edge, 16_384, shaped, null);
    DeviceTelemetry t = roundTrip(factory().model(split));
    // Then it is a SPLIT sample whose parts are the windows' medians, with the shaped link labelled as such
    ModelLatencySample back = (ModelLatencySample) t.getPayload();
    assertThat(back.getPart()).isEqualTo(ModelPart.SPLIT);
    assertThat(back.getCutPoint()).isEqualTo(3);
    assertThat(back.getLatency().getMedianMs()).isEqualTo(e2e.p50Ms());
    assertThat(back.getHeadMs()).isEqualTo(head.p50Ms());
    assertThat(back.getTransferMs()).isEqualTo(transfer.p50Ms());
    assertThat(back.getTailMs()).isEqualTo(edge.p50Ms());
    assertThat(back.getCutBytes()).isEqualTo(16_384L);
    assertThat(back.getUplinkBandwidthBytesPerSec()).isEqualTo(1e6);
    assertThat(back.getRttMs()).isEqualTo(5.0);
    assertThat(back.getNetworkMeasurementMethod()).isEqualTo(NetworkMeasurementMethod.SHAPED_EMULATION);
    assertThat(t.getDevice().getEmulated()).isFalse();
    // and ingestion's rules accept it
    io.jointcs.telemetry.TelemetryValidator validator = new io.jointcs.telemetry.TelemetryValidator(
        io.jointcs.telemetry.ValidationLimits.defaults(),
        new io.jointcs.telemetry.KnownDeviceClasses(java.util.Set.of("cpu-1t")));
    assertThat(validator.problem(t, "pi-1", t.getTimestampEpochMs(), id -> null)).isEmpty();
  }

  @Test
  void onTheRealNetworkASplitSampleCarriesTheLastProbeAndAtCutZeroNoHeadTime() throws Exception {
    LinkEmulation real = LinkEmulation.unshaped();
    UplinkMeasurement probe = new UplinkMeasurement(5e6, 1.5, 65552, real, "edge:7070");
    ModelLatencySample split = TelemetryFactory.splitSample("resnet20[4,4,8,16]", null, 0, 10, 1,
        window(12.0, 0.1), window(0.01, 0.0), window(8.0, 0.1), window(4.0, 0.0), 12_288, real, probe);
    assertThat(split.getHeadMs()).isEqualTo(0.0);
    assertThat(split.getUplinkBandwidthBytesPerSec()).isEqualTo(5e6);
    assertThat(split.getRttMs()).isEqualTo(1.5);
    assertThat(split.getNetworkMeasurementMethod()).isEqualTo(NetworkMeasurementMethod.TCP_TRANSFER);
    // no probe yet: the link is not known, and the sample says nothing about it
    ModelLatencySample unknown = TelemetryFactory.splitSample("resnet20[4,4,8,16]", null, 2, 10, 1,
        window(12.0, 0.1), window(2.0, 0.0), window(6.0, 0.1), window(4.0, 0.0), 12_288, real, null);
    assertThat(unknown.getUplinkBandwidthBytesPerSec()).isNull();
    assertThat(unknown.getNetworkMeasurementMethod()).isNull();
  }
}
