package io.jointcs.events.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jointcs.events.DeploymentPlan;
import io.jointcs.events.DeviceTelemetry;
import io.jointcs.events.LatencyDrift;
import io.jointcs.events.LayerLatencySample;
import io.jointcs.events.LayerType;
import io.jointcs.events.NetworkSample;
import io.jointcs.events.NetworkState;
import io.jointcs.events.SearchEvent;
import io.jointcs.events.codec.EventDecodingException.Reason;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EventCodecTest {
  private final EventCodec<DeviceTelemetry> telemetryCodec = EventCodec.of(DeviceTelemetry.class);

  static Stream<Arguments> samples() {
    return SampleEvents.all().entrySet().stream()
        .map(entry -> Arguments.of(entry.getKey().getSimpleName(), entry.getKey(), entry.getValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  <T extends SpecificRecord> void binaryRoundTripCarriesTheSingleObjectHeader(String name, Class<T> type, T event)
      throws Exception {
    // Given
    EventCodec<T> codec = EventCodec.of(type);

    // When
    byte[] bytes = codec.encode(event);

    // Then
    assertThat(bytes[0]).isEqualTo((byte) 0xC3);
    assertThat(bytes[1]).isEqualTo((byte) 0x01);
    assertThat(ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong()).isEqualTo(codec.fingerprint());
    assertThat(codec.decode(bytes)).isEqualTo(event);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  <T extends SpecificRecord> void jsonRoundTrip(String name, Class<T> type, T event) throws Exception {
    EventCodec<T> codec = EventCodec.of(type);

    String json = codec.toJson(event);

    assertThat(json).startsWith("{");
    assertThat(codec.fromJson(json)).isEqualTo(event);
    assertThat(codec.decode(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(event);
  }

  @Test
  void everyTelemetryPayloadAndSearchEventPayloadRoundTrips() throws Exception {
    for (Object payload : new Object[] {SampleEvents.layerSample(), SampleEvents.modelSample(),
        SampleEvents.networkSample()}) {
      DeviceTelemetry telemetry = SampleEvents.telemetry(payload);
      assertThat(telemetryCodec.decode(telemetryCodec.encode(telemetry)).getPayload()).isEqualTo(payload);
      assertThat(telemetryCodec.fromJson(telemetryCodec.toJson(telemetry))).isEqualTo(telemetry);
    }
    EventCodec<SearchEvent> searchCodec = EventCodec.of(SearchEvent.class);
    for (SearchEvent event : SampleEvents.searchLifecycle()) {
      assertThat(searchCodec.decode(searchCodec.encode(event))).isEqualTo(event);
    }
  }

  @Test
  void decodesTelemetryJsonWrittenByHandAsASimpleDeviceWould() throws Exception {
    // Given: what a shell script or kafka-console-producer would send (Avro JSON: unions wrapped by type name)
    String json = """
        \uFEFF  {
          "telemetryId": "t-1",
          "device": {
            "deviceId": "pi-3", "deviceClass": "rpi4-a72-4t",
            "hardware": {"cpuModel": "Cortex-A72", "cpuCores": 4, "arch": "aarch64", "os": "Linux 6.1", "memoryBytes": 4294967296},
            "runtime": {"engine": "PyTorch", "engineVersion": "2.7.1", "threads": 4},
            "emulated": false, "emulationNote": null
          },
          "timestampEpochMs": 1767225600000,
          "payload": {"io.jointcs.events.LayerLatencySample": {
            "layer": {"layerType": "CONV2D", "inChannels": 3, "outChannels": 16, "kernelSize": 3, "stride": 1,
                      "padding": 1, "groups": 1, "inputHeight": 32, "inputWidth": 32, "outputHeight": 32,
                      "outputWidth": 32, "batchSize": 1, "macs": 442368, "params": 448,
                      "inputBytes": 12288, "outputBytes": 65536},
            "latency": {"medianMs": 0.41, "p10Ms": 0.39, "p90Ms": 0.47, "stddevMs": 0.03,
                        "repetitions": 30, "warmupRuns": 3},
            "layerName": {"string": "conv1"}
          }}
        }
        """;

    // When
    DeviceTelemetry telemetry = telemetryCodec.decode(json.getBytes(StandardCharsets.UTF_8));

    // Then
    assertThat(telemetry.getDevice().getHardware().getArch()).isEqualTo("aarch64");
    assertThat(telemetry.getDevice().getEmulated()).isFalse();
    LayerLatencySample sample = (LayerLatencySample) telemetry.getPayload();
    assertThat(sample.getLayer().getLayerType()).isEqualTo(LayerType.CONV2D);
    assertThat(sample.getLatency().getMedianMs()).isEqualTo(0.41);
    assertThat(sample.getLayerName()).isEqualTo("conv1");
  }

  @Test
  void theJsonExampleInTheEventsDocDecodes() throws Exception {
    String doc = java.nio.file.Files.readString(ModulePaths.repository().resolve("docs/events.md"));
    int start = doc.indexOf("```json\n") + "```json\n".length();
    String example = doc.substring(start, doc.indexOf("```", start));

    DeviceTelemetry telemetry = telemetryCodec.fromJson(example);

    assertThat(((NetworkSample) telemetry.getPayload()).getUplinkBandwidthBytesPerSec()).isEqualTo(1_250_000.0);
  }

  @Test
  void emptyInputIsReportedAsEmpty() {
    assertThat(failure(telemetryCodec, null).reason()).isEqualTo(Reason.EMPTY);
    assertThat(failure(telemetryCodec, new byte[0]).reason()).isEqualTo(Reason.EMPTY);
  }

  @Test
  void bytesThatAreNeitherAvroNorJsonAreCorrupt() {
    EventDecodingException e = failure(telemetryCodec, new byte[] {0x00, 0x01, 0x02});

    assertThat(e.reason()).isEqualTo(Reason.CORRUPT);
    assertThat(e.getMessage()).contains("0x00").contains("neither");
  }

  @Test
  void damagedHeadersAreCorrupt() {
    byte[] valid = telemetryCodec.encode(SampleEvents.layerTelemetry());

    EventDecodingException truncated = failure(telemetryCodec, Arrays.copyOf(valid, 6));
    byte[] badMarker = valid.clone();
    badMarker[1] = 0x02;
    EventDecodingException marker = failure(telemetryCodec, badMarker);

    assertThat(truncated.reason()).isEqualTo(Reason.CORRUPT);
    assertThat(truncated.getMessage()).contains("truncated single-object header");
    assertThat(marker.reason()).isEqualTo(Reason.CORRUPT);
    assertThat(marker.getMessage()).contains("C3 02");
  }

  @Test
  void truncatedOrPaddedBodiesAreCorrupt() {
    byte[] valid = telemetryCodec.encode(SampleEvents.layerTelemetry());

    EventDecodingException truncated = failure(telemetryCodec, Arrays.copyOf(valid, valid.length - 3));
    EventDecodingException padded = failure(telemetryCodec, Arrays.copyOf(valid, valid.length + 2));

    assertThat(truncated.reason()).isEqualTo(Reason.CORRUPT);
    assertThat(truncated.getMessage()).contains("remaining bytes");
    assertThat(padded.reason()).isEqualTo(Reason.CORRUPT);
    assertThat(padded.getMessage()).contains("2 unexpected bytes after the datum");
    EventCodec<NetworkSample> sampleCodec = EventCodec.of(NetworkSample.class);
    byte[] sample = sampleCodec.encode(SampleEvents.networkSample());
    assertThat(failure(sampleCodec, Arrays.copyOf(sample, sample.length - 1)).getMessage())
        .contains("data ends early");
  }

  @Test
  void hugeDeclaredLengthIsRejectedWithoutAllocatingIt() {
    // Given: NetworkState starts with the deviceId string; declare it 2^30 bytes long
    EventCodec<NetworkState> codec = EventCodec.of(NetworkState.class);
    byte[] valid = codec.encode(SampleEvents.networkState());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(valid, 0, EventCodec.HEADER_BYTES);
    writeVarLong(out, 1L << 30);
    out.write(valid, EventCodec.HEADER_BYTES + 1, valid.length - EventCodec.HEADER_BYTES - 1);

    // When
    EventDecodingException e = failure(codec, out.toByteArray());

    // Then
    assertThat(e.reason()).isEqualTo(Reason.CORRUPT);
    assertThat(e.getMessage()).contains("string length 1073741824 at byte 10 exceeds the");
  }

  @Test
  void negativeLengthOutOfRangeEnumUnionAndBooleanAreCorrupt() {
    // LatencyDrift: deviceClass (string), emulated (boolean), layerSignature (union null|string), ...
    EventCodec<LatencyDrift> codec = EventCodec.of(LatencyDrift.class);
    byte[] valid = codec.encode(SampleEvents.drift());
    int booleanAt = EventCodec.HEADER_BYTES + 1 + SampleEvents.drift().getDeviceClass().length();

    byte[] negativeLength = valid.clone();
    negativeLength[EventCodec.HEADER_BYTES] = 0x03; // zig-zag -2
    byte[] badBoolean = valid.clone();
    badBoolean[booleanAt] = 2;
    byte[] badUnion = valid.clone();
    badUnion[booleanAt + 1] = 0x06; // branch 3 of 2

    assertThat(failure(codec, negativeLength).getMessage()).contains("length -2 at byte 10 is negative");
    assertThat(failure(codec, badBoolean).getMessage()).contains("boolean byte 2 at byte " + booleanAt);
    assertThat(failure(codec, badUnion).getMessage()).contains("union branch 3 at byte " + (booleanAt + 1));

    EventCodec<NetworkSample> sampleCodec = EventCodec.of(NetworkSample.class);
    byte[] badEnum = sampleCodec.encode(SampleEvents.networkSample());
    badEnum[badEnum.length - 1] = 0x50; // measurementMethod index 40 of 6
    EventDecodingException enumFailure = failure(sampleCodec, badEnum);
    assertThat(enumFailure.reason()).isEqualTo(Reason.CORRUPT);
    assertThat(enumFailure.getMessage()).contains("enum index 40").contains("NetworkMeasurementMethod");
  }

  @Test
  void invalidUtf8InAStringIsCorrupt() {
    EventCodec<NetworkState> codec = EventCodec.of(NetworkState.class);
    byte[] bytes = codec.encode(SampleEvents.networkState());
    bytes[EventCodec.HEADER_BYTES + 1] = (byte) 0xFF;

    EventDecodingException e = failure(codec, bytes);

    assertThat(e.reason()).isEqualTo(Reason.CORRUPT);
    assertThat(e.getMessage()).contains("not valid UTF-8");
  }

  @Test
  void unknownFingerprintIsUnknownSchema() {
    byte[] bytes = telemetryCodec.encode(SampleEvents.layerTelemetry());
    ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(0x0123456789abcdefL);

    EventDecodingException e = failure(telemetryCodec, bytes);

    assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_SCHEMA);
    assertThat(e.getMessage()).contains("0123456789abcdef").contains("DeviceTelemetry");
  }

  @Test
  void anotherEventTypeIsWrongType() {
    byte[] planBytes = EventCodec.of(DeploymentPlan.class).encode(SampleEvents.plan());

    EventDecodingException e = failure(telemetryCodec, planBytes);

    assertThat(e.reason()).isEqualTo(Reason.WRONG_TYPE);
    assertThat(e.getMessage()).contains("bytes hold a DeploymentPlan").contains("not a DeviceTelemetry");
  }

  @Test
  void brokenJsonIsMalformedJson() {
    assertThat(failure(telemetryCodec, utf8("{\"telemetryId\": \"t-1\", ")).reason()).isEqualTo(Reason.MALFORMED_JSON);
    assertThat(failure(telemetryCodec, utf8("{\"a\": 1} {\"b\": 2}")).getMessage())
        .contains("unexpected content after the JSON object");
    assertThat(failure(telemetryCodec, utf8("[1, 2]")).getMessage()).contains("not an object");
    assertThat(failure(telemetryCodec, new byte[] {'{', (byte) 0xFF, '}'}).getMessage()).contains("not valid UTF-8");
    EventDecodingException located = failure(telemetryCodec, utf8("{\n\"telemetryId\": tru }"));
    assertThat(located.reason()).isEqualTo(Reason.MALFORMED_JSON);
    assertThat(located.getMessage()).contains("line 2");
  }

  @Test
  void wellFormedJsonOfTheWrongShapeIsSchemaMismatch() {
    EventDecodingException missing = failure(telemetryCodec, utf8("{\"telemetryId\": \"t-1\"}"));
    String wrongType = telemetryCodec.toJson(SampleEvents.layerTelemetry())
        .replace("\"timestampEpochMs\":" + SampleEvents.T0, "\"timestampEpochMs\":\"yesterday\"");
    EventDecodingException typed = failure(telemetryCodec, utf8(wrongType));

    assertThat(missing.reason()).isEqualTo(Reason.JSON_SCHEMA_MISMATCH);
    assertThat(missing.getMessage()).contains("DeviceTelemetry")
        .contains("missing fields: device, timestampEpochMs, payload");
    assertThat(typed.reason()).isEqualTo(Reason.JSON_SCHEMA_MISMATCH);
  }

  @Test
  void tryDecodeReturnsTheValueOrTheFailureWithTheOriginalBytes() throws Exception {
    byte[] good = telemetryCodec.encode(SampleEvents.layerTelemetry());
    byte[] bad = Arrays.copyOf(good, 20);

    Decoded<DeviceTelemetry> ok = telemetryCodec.tryDecode(good);
    Decoded<DeviceTelemetry> failed = telemetryCodec.tryDecode(bad);

    assertThat(ok.isOk()).isTrue();
    assertThat(ok.orElseThrow()).isEqualTo(SampleEvents.layerTelemetry());
    assertThat(ok.failure()).isEmpty();
    assertThat(failed.isOk()).isFalse();
    assertThat(failed.asOptional()).isEmpty();
    Decoded.Failed<DeviceTelemetry> failure = failed.failure().orElseThrow();
    assertThat(failure.reason()).isEqualTo(Reason.CORRUPT);
    assertThat(failure.originalBytes()).isEqualTo(bad);
    assertThat(failure.message()).contains("DeviceTelemetry");
    assertThatThrownBy(failed::orElseThrow).isInstanceOf(EventDecodingException.class);
  }

  @Test
  void failedIsImmutableAndComparedByContent() {
    byte[] original = {1, 2, 3};
    Decoded.Failed<DeviceTelemetry> failed = new Decoded.Failed<>(Reason.CORRUPT, "broken", original);

    original[0] = 9;
    failed.originalBytes()[1] = 9;

    assertThat(failed.originalBytes()).containsExactly(1, 2, 3);
    assertThat(failed).isEqualTo(new Decoded.Failed<>(Reason.CORRUPT, "broken", new byte[] {1, 2, 3}));
  }

  @Test
  void randomDamageNeverEscapesAsAnythingButEventDecodingException() {
    // Given: every sample, mutated many ways (bit flips, byte overwrites, truncation, insertion)
    java.util.Random random = new java.util.Random(20260101L);
    int decoded = 0;
    int rejected = 0;
    for (Map.Entry<Class<? extends SpecificRecord>, SpecificRecord> sample : SampleEvents.all().entrySet()) {
      EventCodec<SpecificRecord> codec = codecOf(sample.getKey());
      byte[] valid = codec.encode(sample.getValue());
      for (int i = 0; i < 1500; i++) {
        byte[] damaged = damage(valid, random);
        // When
        try {
          codec.decode(damaged);
          decoded++;
        } catch (EventDecodingException e) {
          // Then: typed, with a message naming the problem
          assertThat(e.getMessage()).isNotBlank();
          rejected++;
        }
      }
    }
    assertThat(rejected).isGreaterThan(decoded);
  }

  @Test
  void encodingAnIncompleteEventIsAProgrammingError() {
    NetworkSample incomplete = new NetworkSample(1.0, 2.0, 3L, null);

    assertThatThrownBy(() -> EventCodec.of(NetworkSample.class).encode(incomplete))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot encode NetworkSample");
  }

  @Test
  void codecsAreSharedPerType() {
    assertThat(EventCodec.of(DeviceTelemetry.class)).isSameAs(telemetryCodec);
    assertThat(telemetryCodec.readableSchemas()).hasSize(5); // current (v4), v3, v2, v1 and v0
    assertThat(telemetryCodec.readableSchemas().get(0)).isEqualTo(telemetryCodec.schema());
  }

  @SuppressWarnings("unchecked")
  private static EventCodec<SpecificRecord> codecOf(Class<? extends SpecificRecord> type) {
    return (EventCodec<SpecificRecord>) EventCodec.of(type);
  }

  private static byte[] damage(byte[] valid, java.util.Random random) {
    byte[] bytes = valid.clone();
    switch (random.nextInt(4)) {
      case 0 -> {
        int at = random.nextInt(bytes.length);
        bytes[at] ^= (byte) (1 << random.nextInt(8));
      }
      case 1 -> bytes[EventCodec.HEADER_BYTES + random.nextInt(bytes.length - EventCodec.HEADER_BYTES)] =
          (byte) random.nextInt(256);
      case 2 -> bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length));
      default -> {
        int at = EventCodec.HEADER_BYTES + random.nextInt(bytes.length - EventCodec.HEADER_BYTES);
        byte[] longer = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, longer, 0, at);
        longer[at] = (byte) random.nextInt(256);
        System.arraycopy(bytes, at, longer, at + 1, bytes.length - at);
        bytes = longer;
      }
    }
    return bytes;
  }

  private static EventDecodingException failure(EventCodec<?> codec, byte[] bytes) {
    EventDecodingException e = catchThrowableOfType(EventDecodingException.class, () -> codec.decode(bytes));
    assertThat(e).as("decoding should have failed").isNotNull();
    return e;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** Avro's zig-zag varint, to forge lengths. */
  private static void writeVarLong(ByteArrayOutputStream out, long value) {
    long n = (value << 1) ^ (value >> 63);
    while ((n & ~0x7FL) != 0) {
      out.write((int) ((n & 0x7f) | 0x80));
      n >>>= 7;
    }
    out.write((int) n);
  }
}
