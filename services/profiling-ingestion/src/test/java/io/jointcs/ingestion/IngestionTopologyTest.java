package io.jointcs.ingestion;

import static io.jointcs.telemetry.TelemetryFixtures.CLASS;
import static io.jointcs.telemetry.TelemetryFixtures.NOW;
import static io.jointcs.telemetry.TelemetryFixtures.conv;
import static io.jointcs.telemetry.TelemetryFixtures.lawMs;
import static io.jointcs.telemetry.TelemetryFixtures.layer;
import static io.jointcs.telemetry.TelemetryFixtures.network;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.jointcs.events.DeviceRegistration;
import io.jointcs.events.DeviceTelemetry;
import io.jointcs.events.LatencyDrift;
import io.jointcs.events.LatencyPredictor;
import io.jointcs.events.LatencyStatistics;
import io.jointcs.events.NetworkChange;
import io.jointcs.events.NetworkState;
import io.jointcs.events.ProfilingSample;
import io.jointcs.events.RejectedTelemetry;
import io.jointcs.events.RejectionReason;
import io.jointcs.events.TelemetrySource;
import io.jointcs.events.codec.EventCodec;
import io.jointcs.events.codec.EventSerde;
import io.jointcs.telemetry.DriftDetector;
import io.jointcs.telemetry.KnownDeviceClasses;
import io.jointcs.telemetry.NetworkSmoothing;
import io.jointcs.telemetry.TelemetryFixtures;
import io.jointcs.telemetry.TelemetryValidator;
import io.jointcs.telemetry.ValidationLimits;
import io.jointcs.topics.RecordKeys;
import io.jointcs.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The production topology ({@link IngestionTopology#build}) driven record by record, exactly-once configured. */
class IngestionTopologyTest {
  private static final EventCodec<DeviceTelemetry> TELEMETRY = EventCodec.of(DeviceTelemetry.class);
  private static final Duration WINDOW = Duration.ofSeconds(10);

  @TempDir
  Path stateDir;

  private final Counting listener = new Counting();
  private TopologyTestDriver driver;
  private TestInputTopic<String, byte[]> raw;
  private TestInputTopic<String, DeviceRegistration> devices;
  private TestInputTopic<String, LatencyPredictor> predictors;
  private TestOutputTopic<String, ProfilingSample> samples;
  private TestOutputTopic<String, RejectedTelemetry> rejected;
  private TestOutputTopic<String, LatencyStatistics> statistics;
  private TestOutputTopic<String, LatencyDrift> drift;
  private TestOutputTopic<String, NetworkState> networkState;
  private TestOutputTopic<String, NetworkChange> networkChanges;

  /** Counts what the topology reports, as the service's metrics do. */
  static final class Counting implements IngestionListener {
    final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    @Override
    public void accepted(String kind, TelemetrySource source) {
      counts.computeIfAbsent("accepted", k -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public void rejected(RejectionReason reason, TelemetrySource source) {
      counts.computeIfAbsent("rejected", k -> new AtomicInteger()).incrementAndGet();
    }

    int get(String name) {
      return counts.getOrDefault(name, new AtomicInteger()).get();
    }
  }

  @BeforeEach
  void start() {
    TopologySettings settings = new TopologySettings(
        new TelemetryValidator(ValidationLimits.defaults(), new KnownDeviceClasses(Set.of(CLASS))),
        WINDOW, Duration.ZERO, new NetworkSmoothing(0.3, 0.2), new DriftDetector(0.25, 3));
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "ingestion-topology-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
    driver = new TopologyTestDriver(IngestionTopology.build(settings, listener), props, Instant.ofEpochMilli(NOW));
    StringSerializer keys = new StringSerializer();
    raw = driver.createInputTopic(Topics.TELEMETRY_RAW.name(), keys, new ByteArraySerializer());
    devices = driver.createInputTopic(Topics.DEVICES.name(), keys,
        EventSerde.of(DeviceRegistration.class).serializer());
    predictors = driver.createInputTopic(Topics.PREDICTORS.name(), keys,
        EventSerde.of(LatencyPredictor.class).serializer());
    StringDeserializer k = new StringDeserializer();
    samples = driver.createOutputTopic(Topics.PROFILING_SAMPLES.name(), k,
        EventSerde.of(ProfilingSample.class).deserializer());
    rejected = driver.createOutputTopic(Topics.TELEMETRY_REJECTED.name(), k,
        EventSerde.of(RejectedTelemetry.class).deserializer());
    statistics = driver.createOutputTopic(Topics.LATENCY_STATISTICS.name(), k,
        EventSerde.of(LatencyStatistics.class).deserializer());
    drift = driver.createOutputTopic(Topics.LATENCY_DRIFT.name(), k, EventSerde.of(LatencyDrift.class).deserializer());
    networkState = driver.createOutputTopic(Topics.NETWORK_STATE.name(), k,
        EventSerde.of(NetworkState.class).deserializer());
    networkChanges = driver.createOutputTopic(Topics.NETWORK_CHANGES.name(), k,
        EventSerde.of(NetworkChange.class).deserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  private static byte[] json(DeviceTelemetry t) {
    return TELEMETRY.toJson(t).getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void everyGoodRecordBecomesOneSampleAndEveryBadOneARejectionWithItsReason() {
    // Given 40 good layer measurements of two devices (binary and Avro JSON) with 9 kinds of bad records between them
    Map<String, Map.Entry<RejectionReason, byte[]>> bad = new LinkedHashMap<>();
    bad.put("bad-corrupt", Map.entry(RejectionReason.CORRUPT, new byte[] {(byte) 0xC3, 0x01, 9, 9}));
    bad.put("bad-json", Map.entry(RejectionReason.MALFORMED_JSON, "{\"telemetryId\": ".getBytes(StandardCharsets.UTF_8)));
    bad.put("bad-shape", Map.entry(RejectionReason.JSON_SCHEMA_MISMATCH, "{\"a\": 1}".getBytes(StandardCharsets.UTF_8)));
    bad.put("bad-empty", Map.entry(RejectionReason.EMPTY, new byte[0]));
    bad.put("bad-type", Map.entry(RejectionReason.WRONG_TYPE,
        EventCodec.of(NetworkState.class).encode(NetworkState.newBuilder().setDeviceId("x")
            .setUplinkBandwidthBytesPerSec(1).setRttMs(1).setSmoothingFactor(1).setSampleCount(1)
            .setUpdatedAtEpochMs(1).build())));
    bad.put("bad-nan", Map.entry(RejectionReason.INVALID_VALUE, TELEMETRY.encode(layer("n", "bad-nan", Double.NaN))));
    bad.put("bad-class", Map.entry(RejectionReason.INVALID_VALUE,
        json(layer("c", "bad-class", "toaster", conv(8), 1.0))));
    bad.put("bad-key", Map.entry(RejectionReason.INVALID_VALUE, TELEMETRY.encode(layer("k", "pi-1", 1.0))));
    bad.put("bad-size", Map.entry(RejectionReason.TOO_LARGE, new byte[70_000]));
    List<String> goodIds = new ArrayList<>();
    var badKeys = new ArrayList<>(bad.keySet());
    long t = NOW;
    for (int i = 0; i < 40; i++) {
      String device = i % 2 == 0 ? "pi-1" : "pi-2";
      DeviceTelemetry good = layer("good-" + i, device, 1.0 + i);
      goodIds.add("good-" + i);
      // When they are published to the raw topic, interleaved
      raw.pipeInput(device, i % 3 == 0 ? json(good) : TELEMETRY.encode(good), t++);
      if (i % 4 == 3 && !badKeys.isEmpty()) {
        String key = badKeys.remove(0);
        raw.pipeInput(key, bad.get(key).getValue(), t++);
      }
    }
    badKeys.forEach(key -> raw.pipeInput(key, bad.get(key).getValue(), NOW));

    // Then every good record is a sample exactly once, keyed by its class, in order per device
    List<KeyValue<String, ProfilingSample>> out = samples.readKeyValuesToList();
    assertThat(out).extracting(kv -> kv.value.getSampleId()).containsExactlyElementsOf(goodIds);
    assertThat(out).allSatisfy(kv -> assertThat(kv.key).isEqualTo(CLASS));
    assertThat(out).allSatisfy(kv -> assertThat(kv.value.getSource()).isEqualTo(TelemetrySource.KAFKA));
    assertThat(out.get(1).value.getKafkaPosition().getTopic()).isEqualTo(Topics.TELEMETRY_RAW.name());

    // and every bad one is rejected once, with its reason and the bytes exactly as sent
    Map<String, RejectedTelemetry> rejections = new HashMap<>();
    rejected.readKeyValuesToList().forEach(kv -> assertThat(rejections.put(kv.key, kv.value)).isNull());
    assertThat(rejections).containsOnlyKeys(bad.keySet());
    bad.forEach((key, expected) -> {
      RejectedTelemetry r = rejections.get(key);
      assertThat(r.getReason()).as(key).isEqualTo(expected.getKey());
      assertThat(r.getOriginalBytes().array()).as(key).isEqualTo(expected.getValue());
      assertThat(r.getReasonDetail()).as(key).isNotBlank();
    });
    assertThat(rejections.get("bad-class").getReasonDetail()).contains("'toaster' is unknown");
    assertThat(rejections.get("bad-key").getReasonDetail()).contains("record key must be the device id");
    assertThat(listener.get("accepted")).isEqualTo(40);
    assertThat(listener.get("rejected")).isEqualTo(bad.size());
  }

  @Test
  void telemetryFromTheHttpEndpointIsMarkedAsSuchAndARegisteredClassIsKnown() {
    // Given a device registered with a class nobody configured
    devices.pipeInput("jet-1", TelemetryFixtures.registration("jet-1", "jetson-x"));
    DeviceTelemetry t = layer("h-1", "jet-1", "jetson-x", conv(8), 2.0);

    // When its telemetry arrives through the HTTP endpoint (headers set by TelemetryResource)
    raw.pipeInput(new TestRecord<>("jet-1", json(t), RawHeaders.http(NOW - 7), Instant.ofEpochMilli(NOW)));

    // Then it is a sample from HTTP, received when the endpoint says, without a raw-topic position
    ProfilingSample sample = samples.readValue();
    assertThat(sample.getDeviceClass()).isEqualTo("jetson-x");
    assertThat(sample.getSource()).isEqualTo(TelemetrySource.HTTP);
    assertThat(sample.getKafkaPosition()).isNull();
    assertThat(sample.getValidatedAtEpochMs()).isEqualTo(NOW);

    // and once the device is deleted (tombstone) its class is unknown again
    devices.pipeInput("jet-1", (DeviceRegistration) null);
    raw.pipeInput("jet-1", json(layer("h-2", "jet-1", "jetson-x", conv(8), 2.0)), NOW);
    assertThat(samples.isEmpty()).isTrue();
    assertThat(rejected.readValue().getReasonDetail()).contains("'jetson-x' is unknown");
  }

  @Test
  void closedWindowsYieldLatencyStatisticsPerClassAndLayer() {
    // Given five samples of one layer and two of another within the window [NOW, NOW + 10 s)
    double[] small = {5, 1, 4, 2, 3};
    for (int i = 0; i < small.length; i++) {
      raw.pipeInput("pi-1", TELEMETRY.encode(layer("s-" + i, "pi-1", CLASS, conv(16), small[i])), NOW + 1_000 * i);
    }
    raw.pipeInput("pi-2", TELEMETRY.encode(layer("b-1", "pi-2", CLASS, conv(32), 8.0)), NOW + 2_000);
    raw.pipeInput("pi-2", TELEMETRY.encode(layer("b-2", "pi-2", CLASS, conv(32), 10.0)), NOW + 9_999);
    assertThat(statistics.isEmpty()).as("nothing before the window closes").isTrue();

    // When stream time passes the end of the window
    raw.pipeInput("pi-1", TELEMETRY.encode(layer("late", "pi-1", CLASS, conv(16), 100.0)), NOW + 10_000);

    // Then each layer's window is emitted once, with exact statistics, keyed class|signature
    Map<String, LatencyStatistics> stats = statistics.readKeyValuesToMap();
    assertThat(stats).hasSize(2);
    LatencyStatistics s = stats.get(RecordKeys.latencyStatisticsKey(CLASS, conv(16)));
    assertThat(s.getCount()).isEqualTo(5);
    assertThat(s.getMeanMs()).isCloseTo(3.0, within(1e-12));
    assertThat(s.getMedianMs()).isCloseTo(3.0, within(1e-12));
    assertThat(s.getP90Ms()).isCloseTo(4.6, within(1e-12));
    assertThat(s.getMinMs()).isEqualTo(1.0);
    assertThat(s.getMaxMs()).isEqualTo(5.0);
    assertThat(s.getWindowStartEpochMs()).isEqualTo(NOW);
    assertThat(s.getWindowEndEpochMs()).isEqualTo(NOW + WINDOW.toMillis());
    LatencyStatistics b = stats.get(RecordKeys.latencyStatisticsKey(CLASS, conv(32)));
    assertThat(b.getCount()).isEqualTo(2);
    assertThat(b.getMeanMs()).isCloseTo(9.0, within(1e-12));
  }

  @Test
  void networkStateIsTheMovingAverageAndChangesBeyondTheThresholdAreEvents() {
    // Given a steady 10 Mbit/s link, then a drop to 2 Mbit/s
    double[] bandwidths = {1.25e6, 1.25e6, 1.25e6, 0.25e6, 0.25e6};
    for (int i = 0; i < bandwidths.length; i++) {
      raw.pipeInput("pi-1", TELEMETRY.encode(network("n-" + i, "pi-1", bandwidths[i], 20.0)), NOW + i);
    }
    raw.pipeInput("pi-2", TELEMETRY.encode(network("m-0", "pi-2", 5e6, 3.0)), NOW);

    // Then every sample updates the compacted state, smoothed with alpha 0.3
    List<KeyValue<String, NetworkState>> states = networkState.readKeyValuesToList();
    assertThat(states).extracting(kv -> kv.key).containsExactly("pi-1", "pi-1", "pi-1", "pi-1", "pi-1", "pi-2");
    assertThat(states.get(3).value.getUplinkBandwidthBytesPerSec()).isCloseTo(0.95e6, within(1e-3));
    assertThat(states.get(4).value.getUplinkBandwidthBytesPerSec()).isCloseTo(0.74e6, within(1e-3));
    assertThat(states.get(4).value.getSampleCount()).isEqualTo(5);
    assertThat(states.get(4).value.getRttMs()).isCloseTo(20.0, within(1e-9));

    // and the drop is reported: -24% against the steady state, then -22% against the state it was reported at (0.95 to 0.74)
    List<KeyValue<String, NetworkChange>> changes = networkChanges.readKeyValuesToList();
    assertThat(changes).extracting(kv -> kv.key).containsExactly("pi-1", "pi-1");
    assertThat(changes.get(0).value.getPreviousBandwidthBytesPerSec()).isEqualTo(1.25e6);
    assertThat(changes.get(0).value.getBandwidthChangeRatio()).isCloseTo(-0.24, within(1e-9));
    assertThat(changes.get(1).value.getPreviousBandwidthBytesPerSec()).isCloseTo(0.95e6, within(1e-3));
    assertThat(changes.get(1).value.getBandwidthChangeRatio()).isCloseTo(-0.21 / 0.95, within(1e-9));
    assertThat(samples.isEmpty()).isTrue();
  }

  @Test
  void aWindowThatDepartsFromTheCurrentPredictorIsDrift() {
    // Given the class' current predictor on the compacted topic, and another class with no predictor
    predictors.pipeInput(CLASS, TelemetryFixtures.predictor(CLASS, 3));
    devices.pipeInput("x-1", TelemetryFixtures.registration("x-1", "no-predictor"));

    // When one layer runs at twice its predicted latency and another as predicted
    for (int i = 0; i < 3; i++) {
      raw.pipeInput("pi-1", TELEMETRY.encode(layer("slow-" + i, "pi-1", CLASS, conv(32), 2 * lawMs(conv(32)))),
          NOW + i);
      raw.pipeInput("pi-1", TELEMETRY.encode(layer("fine-" + i, "pi-1", CLASS, conv(16), lawMs(conv(16)))),
          NOW + i);
      raw.pipeInput("x-1", TELEMETRY.encode(layer("x-" + i, "x-1", "no-predictor", conv(32), 99.0)), NOW + i);
    }
    raw.pipeInput("pi-1", TELEMETRY.encode(layer("tick", "pi-1", CLASS, conv(16), 1.0)), NOW + 20_000);

    // Then the slow layer is reported once, against predictor version 3; nothing for the others
    assertThat(statistics.readValuesToList()).hasSize(3);
    List<KeyValue<String, LatencyDrift>> drifts = drift.readKeyValuesToList();
    assertThat(drifts).hasSize(1);
    LatencyDrift d = drifts.get(0).value;
    assertThat(drifts.get(0).key).isEqualTo(CLASS);
    assertThat(d.getLayerSignature()).isEqualTo(RecordKeys.layerSignature(conv(32)));
    assertThat(d.getPredictorVersion()).isEqualTo(3);
    assertThat(d.getRelativeError()).isCloseTo(1.0, within(1e-6));
    assertThat(d.getSampleCount()).isEqualTo(3);
    assertThat(d.getWindowStartEpochMs()).isEqualTo(NOW);
  }
}
