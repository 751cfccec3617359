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

  private static TelemetryFactory factory(LinkEmulation link) {
    return new TelemetryFactory(new DeviceIdentity("pi-1", HOST, 4L << 30), () -> link, CLOCK, 5);
  }

  /** Encodes to Avro single-object bytes and decodes back: the envelope is valid against the schema. */
  private static DeviceTelemetry roundTrip(DeviceTelemetry t) throws Exception {
    return CODEC.decode(CODEC.encode(t));
  }

  @Test
  void aShapedLinkMakesEveryEnvelopeSayEmulated() throws Exception {
    // Given an emulated 8 Mbit/s uplink with 20 ms rtt
    LinkEmulation link = new LinkEmulation(1e6, 20);
    UplinkMeasurement m = new UplinkMeasurement(0.98e6, 20.4, 65552, link, "127.0.0.1:7070");
    // When a network sample is built
    DeviceTelemetry t = roundTrip(factory(link).network(m));
    // Then it is valid Avro, flagged emulated with the rate in the note, and measured by shaped emulation
    assertThat(t.getDevice().getEmulated()).isTrue();
    assertThat(t.getDevice().getEmulationNote()).contains("EMULATED uplink").contains("rtt");
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
    TelemetryFactory factory = factory(real);
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
    // When it is built into an envelope over an emulated link
    DeviceTelemetry t = roundTrip(factory(new LinkEmulation(1e6, 0)).layer(profile));
    // Then the median, spread and run counts are kept, and the envelope is flagged emulated (the link is)
    LayerLatencySample sample = (LayerLatencySample) t.getPayload();
    assertThat(sample.getLatency().getMedianMs()).isEqualTo(0.25);
    assertThat(sample.getLatency().getP10Ms()).isEqualTo(0.2);
    assertThat(sample.getLatency().getP90Ms()).isEqualTo(0.3);
    assertThat(sample.getLatency().getRepetitions()).isEqualTo(38);
    assertThat(sample.getLatency().getWarmupRuns()).isEqualTo(5);
    assertThat(sample.getLayer().getInChannels()).isEqualTo(features.inChannels());
    assertThat(t.getDevice().getEmulated()).isTrue();
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
    TelemetryFactory factory = new TelemetryFactory(slow, LinkEmulation::unshaped, CLOCK, 5, 10);
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
    DeviceTelemetry t = roundTrip(factory(LinkEmulation.unshaped()).model(sample, LinkEmulation.unshaped()));
    ModelLatencySample back = (ModelLatencySample) t.getPayload();
    assertThat(back.getPart()).isEqualTo(ModelPart.HEAD);
    assertThat(back.getLatency().getRepetitions()).isEqualTo(100);
    assertThat(back.getLatency().getMedianMs()).isBetween(4.9, 5.1);
    assertThat(back.getLatency().getP10Ms()).isLessThanOrEqualTo(back.getLatency().getMedianMs());
    assertThat(back.getLatency().getP90Ms()).isGreaterThanOrEqualTo(back.getLatency().getMedianMs());
  }
}
