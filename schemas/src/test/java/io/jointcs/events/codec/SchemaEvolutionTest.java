package io.jointcs.events.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jointcs.events.DeviceRegistration;
import io.jointcs.events.DeviceTelemetry;
import io.jointcs.events.FusedActivation;
import io.jointcs.events.LayerFeatures;
import io.jointcs.events.LayerLatencySample;
import io.jointcs.events.LayerType;
import io.jointcs.events.ModelLatencySample;
import io.jointcs.events.ModelPart;
import io.jointcs.events.NetworkMeasurementMethod;
import io.jointcs.events.NetworkSample;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.JsonEncoder;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.RandomData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SchemaEvolutionTest {
  private static final Path HISTORY = ModulePaths.module().resolve("history");
  private static final Pattern VERSION_FILE = Pattern.compile("v(\\d+)\\.avsc");

  static Stream<Arguments> everyVersion() {
    return EventTypes.all().stream()
        .flatMap(type -> SchemaHistory.of(type).stream()
            .map(version -> Arguments.of(version.eventName() + " v" + version.version(), type, version)));
  }

  @Test
  void historyHoldsOneContiguousSeriesPerEventTypeAndNothingElse() throws IOException {
    List<String> folders;
    try (Stream<Path> list = Files.list(HISTORY)) {
      folders = list.map(path -> path.getFileName().toString()).sorted().toList();
    }
    assertThat(folders).containsExactlyInAnyOrderElementsOf(
        EventTypes.all().stream().map(Class::getSimpleName).toList());

    for (String folder : folders) {
      List<Integer> numbers = new ArrayList<>();
      try (Stream<Path> files = Files.list(HISTORY.resolve(folder))) {
        for (Path file : files.toList()) {
          Matcher matcher = VERSION_FILE.matcher(file.getFileName().toString());
          assertThat(matcher.matches()).as("%s is not named vN.avsc", file).isTrue();
          numbers.add(Integer.parseInt(matcher.group(1)));
        }
      }
      numbers.sort(null);
      int first = numbers.get(0);
      assertThat(first).as("%s starts at v0 or v1", folder).isBetween(0, 1);
      assertThat(numbers).as("%s versions are contiguous", folder)
          .isEqualTo(Stream.iterate(first, n -> n + 1).limit(numbers.size()).toList());
      assertThat(SchemaHistory.of(folder)).extracting(SchemaHistory.Version::version).isEqualTo(numbers);
    }
  }

  @Test
  void latestVersionIsTheCurrentSchemaSoEveryChangeGetsANewVersion() {
    for (Class<? extends SpecificRecord> type : EventTypes.all()) {
      List<SchemaHistory.Version> versions = SchemaHistory.of(type);
      Schema current = EventTypes.schemaOf(type);
      SchemaHistory.Version latest = versions.get(versions.size() - 1);
      assertThat(latest.schema().getFullName()).isEqualTo(current.getFullName());
      assertThat(latest.fingerprint())
          .as("%s changed: copy the new schema to history/%s/v%d.avsc", type.getSimpleName(),
              type.getSimpleName(), latest.version() + 1)
          .isEqualTo(SchemaNormalization.parsingFingerprint64(current));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyVersion")
  void currentSchemaCanReadEveryEarlierVersion(String name, Class<? extends SpecificRecord> type,
      SchemaHistory.Version version) {
    SchemaCompatibility.SchemaPairCompatibility result =
        SchemaCompatibility.checkReaderWriterCompatibility(EventTypes.schemaOf(type), version.schema());

    assertThat(result.getType())
        .as("%s: %s", name, result.getResult().getIncompatibilities())
        .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyVersion")
  void dataWrittenWithEveryVersionDecodesThroughTheCodec(String name, Class<? extends SpecificRecord> type,
      SchemaHistory.Version version) throws Exception {
    // Given: random data written by a producer that has only this version
    Schema writer = version.schema();
    Schema reader = EventTypes.schemaOf(type);
    EventCodec<? extends SpecificRecord> codec = EventCodec.of(type);

    for (Object written : new RandomData(writer, 25, 42L + version.version())) {
      byte[] bytes = singleObject(writer, written);

      // When
      SpecificRecord decoded = codec.decode(bytes);

      // Then: the same as Avro's reference schema resolution of the old data into the current schema
      byte[] datum = java.util.Arrays.copyOfRange(bytes, EventCodec.HEADER_BYTES, bytes.length);
      Object expected = new GenericDatumReader<>(writer, reader).read(null,
          DecoderFactory.get().binaryDecoder(datum, null));
      assertThat(GenericData.get().toString(decoded)).isEqualTo(GenericData.get().toString(expected));
    }
  }

  @Test
  void networkSampleFromAV0AgentReadsAsUnspecifiedMethod() throws Exception {
    // Given: an old agent writes a NetworkSample without measurementMethod
    Schema v0 = version("NetworkSample", 0);
    assertThat(v0.getField("measurementMethod")).isNull();
    GenericRecord old = new GenericData.Record(v0);
    old.put("uplinkBandwidthBytesPerSec", 750_000.0);
    old.put("rttMs", 31.5);
    old.put("probeSizeBytes", 262_144L);
    byte[] bytes = singleObject(v0, old);

    // When
    NetworkSample sample = EventCodec.of(NetworkSample.class).decode(bytes);

    // Then
    assertThat(sample.getUplinkBandwidthBytesPerSec()).isEqualTo(750_000.0);
    assertThat(sample.getRttMs()).isEqualTo(31.5);
    assertThat(sample.getProbeSizeBytes()).isEqualTo(262_144L);
    assertThat(sample.getMeasurementMethod()).isEqualTo(NetworkMeasurementMethod.UNSPECIFIED);
  }

  @Test
  void telemetryEnvelopeFromAV0AgentDecodesInBinaryAndJson() throws Exception {
    // Given: today's telemetry as a v0 agent would have written it (projected onto v0: no method)
    Schema v0 = version("DeviceTelemetry", 0);
    EventCodec<DeviceTelemetry> codec = EventCodec.of(DeviceTelemetry.class);
    DeviceTelemetry current = SampleEvents.telemetry(SampleEvents.networkSample());
    byte[] currentDatum = java.util.Arrays.copyOfRange(codec.encode(current), EventCodec.HEADER_BYTES,
        codec.encode(current).length);
    GenericRecord old = new GenericDatumReader<GenericRecord>(codec.schema(), v0)
        .read(null, DecoderFactory.get().binaryDecoder(currentDatum, null));
    byte[] binary = singleObject(v0, old);
    String json = toJson(v0, old);
    assertThat(json).doesNotContain("measurementMethod");

    // When
    DeviceTelemetry fromBinary = codec.decode(binary);
    DeviceTelemetry fromJson = codec.fromJson(json);

    // Then
    NetworkSample expectedPayload = NetworkSample.newBuilder(SampleEvents.networkSample())
        .setMeasurementMethod(NetworkMeasurementMethod.UNSPECIFIED).build();
    DeviceTelemetry expected = DeviceTelemetry.newBuilder(current).setPayload(expectedPayload).build();
    assertThat(fromBinary).isEqualTo(expected);
    assertThat(fromJson).isEqualTo(expected);
  }

  @Test
  void registrationFromAV0AgentHasNoLabels() throws Exception {
    Schema v0 = version("DeviceRegistration", 0);
    EventCodec<DeviceRegistration> codec = EventCodec.of(DeviceRegistration.class);
    byte[] currentBytes = codec.encode(SampleEvents.registration());
    GenericRecord old = new GenericDatumReader<GenericRecord>(codec.schema(), v0).read(null,
        DecoderFactory.get().binaryDecoder(currentBytes, EventCodec.HEADER_BYTES,
            currentBytes.length - EventCodec.HEADER_BYTES, null));

    DeviceRegistration decoded = codec.decode(
        singleObject(v0, old));

    assertThat(decoded.getLabels()).isEmpty();
    assertThat(decoded.getDevice()).isEqualTo(SampleEvents.device());
    assertThat(decoded.getAgentVersion()).isEqualTo("0.1.0");
  }

  @Test
  void layerSampleFromAV1AgentKeepsItsConv2dAndHasNoModelName() throws Exception {
    // Given: a v1 agent's sample (CONV2D was its only convolution symbol; no modelName field)
    Schema v1 = version("LayerLatencySample", 1);
    assertThat(v1.getField("modelName")).isNull();
    EventCodec<LayerLatencySample> codec = EventCodec.of(LayerLatencySample.class);
    LayerLatencySample current = SampleEvents.layerSample();
    GenericRecord old = project(codec, current, v1);

    // When
    LayerLatencySample fromBinary = codec.decode(singleObject(v1, old));
    LayerLatencySample fromJson = codec.fromJson(toJson(v1, old));

    // Then
    assertThat(fromBinary.getLayer().getLayerType()).isEqualTo(LayerType.CONV2D);
    assertThat(fromBinary.getModelName()).isNull();
    assertThat(fromBinary).isEqualTo(current).isEqualTo(fromJson);
  }

  @Test
  void layerSamplesWithoutAFusedActivationReadAsUnknownAndOldReadersSkipIt() throws Exception {
    // Given: a v3 sample of a convolution with its ReLU, and v2 (the last schema without the field)
    EventCodec<LayerLatencySample> codec = EventCodec.of(LayerLatencySample.class);
    LayerLatencySample withRelu = LayerLatencySample.newBuilder(SampleEvents.layerSample())
        .setLayer(LayerFeatures.newBuilder(SampleEvents.conv()).setLayerType(LayerType.CONV)
            .setFusedActivation(FusedActivation.RELU).build())
        .setModelName("resnet20[16,16,32,64]").build();
    Schema v2 = version("LayerLatencySample", 2);
    assertThat(((Schema) v2.getField("layer").schema()).getField("fusedActivation")).isNull();

    // When: a v2 reader reads the new sample, and the current reader reads what a v2 agent wrote
    GenericRecord old = project(codec, withRelu, v2);
    LayerLatencySample fromBinary = codec.decode(singleObject(v2, old));
    LayerLatencySample fromJson = codec.fromJson(toJson(v2, old));

    // Then: nothing but the activation is lost, and it reads as unknown (null), not as NONE
    assertThat(((GenericRecord) old.get("layer")).get("inChannels")).isEqualTo(16);
    assertThat(fromBinary.getLayer().getFusedActivation()).isNull();
    assertThat(fromBinary).isEqualTo(fromJson);
    assertThat(LayerFeatures.newBuilder(fromBinary.getLayer()).setFusedActivation(FusedActivation.RELU).build())
        .isEqualTo(withRelu.getLayer());
  }

  @Test
  void aReaderThatDoesNotKnowANewLayerTypeReadsItAsOther() throws Exception {
    // Given: a v2 sample with a symbol v1 does not have
    EventCodec<LayerLatencySample> codec = EventCodec.of(LayerLatencySample.class);
    LayerLatencySample depthwise = LayerLatencySample.newBuilder(SampleEvents.layerSample())
        .setLayer(LayerFeatures.newBuilder(SampleEvents.conv()).setLayerType(LayerType.DEPTHWISE_CONV).build())
        .setModelName("mobilenet_v2[32,16]").build();
    Schema v1 = version("LayerLatencySample", 1);
    assertThat(v1.getField("layer").schema().getField("layerType").schema().getEnumSymbols())
        .doesNotContain("DEPTHWISE_CONV");

    // When: an old reader resolves it (what the enum's default promises)
    GenericRecord old = project(codec, depthwise, v1);

    // Then
    assertThat(((GenericRecord) old.get("layer")).get("layerType").toString()).isEqualTo("OTHER");
    assertThat(((GenericRecord) old.get("layer")).get("inChannels")).isEqualTo(16);
  }

  @Test
  void modelSampleFromAV1AgentReadsWithNoBreakdown() throws Exception {
    // Given: a v1 agent's HEAD sample (no breakdown fields, ModelPart without SPLIT and OTHER)
    Schema v1 = version("ModelLatencySample", 1);
    assertThat(v1.getField("headMs")).isNull();
    EventCodec<ModelLatencySample> codec = EventCodec.of(ModelLatencySample.class);
    ModelLatencySample current = SampleEvents.modelSample();
    GenericRecord old = project(codec, current, v1);

    // When: new readers read old data, binary and JSON
    ModelLatencySample fromBinary = codec.decode(singleObject(v1, old));
    ModelLatencySample fromJson = codec.fromJson(toJson(v1, old));

    // Then
    assertThat(fromBinary).isEqualTo(current).isEqualTo(fromJson);
    assertThat(fromBinary.getPart()).isEqualTo(ModelPart.HEAD);
    assertThat(fromBinary.getHeadMs()).isNull();
    assertThat(fromBinary.getTransferMs()).isNull();
    assertThat(fromBinary.getTailMs()).isNull();
    assertThat(fromBinary.getCutBytes()).isNull();
    assertThat(fromBinary.getNetworkMeasurementMethod()).isNull();
  }

  @Test
  void aV1ReaderReadsV2HeadTailAndWholeSamplesIgnoringTheNewFields() throws Exception {
    // Given: a v2 WHOLE sample that also carries breakdown fields (as a newer agent might)
    Schema v1 = version("ModelLatencySample", 1);
    EventCodec<ModelLatencySample> codec = EventCodec.of(ModelLatencySample.class);
    ModelLatencySample whole = ModelLatencySample.newBuilder(SampleEvents.modelSample()).setPart(ModelPart.WHOLE)
        .setCutPoint(10).setRttMs(2.0).setUplinkBandwidthBytesPerSec(1e6).build();

    // When: an old reader resolves it
    GenericRecord old = project(codec, whole, v1);

    // Then: the fields v1 knows, as written
    assertThat(old.get("part").toString()).isEqualTo("WHOLE");
    assertThat(old.get("cutPoint")).isEqualTo(10);
    assertThat(old.get("modelSpec").toString()).isEqualTo("resnet20[16,16,32,64]");
    assertThat(((GenericRecord) old.get("latency")).get("medianMs")).isEqualTo(12.5);
    assertThat(old.getSchema().getField("rttMs")).isNull();
  }

  @Test
  void splitSamplesNeedAReaderWithV2WhichReadsUnknownPartsAsOther() throws Exception {
    Schema v1 = version("ModelLatencySample", 1);
    Schema v2 = EventTypes.schemaOf(ModelLatencySample.class);
    // a v1 reader cannot resolve SPLIT (its ModelPart has no default): readers are rolled out before writers
    assertThat(SchemaCompatibility.checkReaderWriterCompatibility(v1, v2).getType())
        .isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
    assertThat(v2.getField("part").schema().getEnumDefault()).isEqualTo("OTHER");

    // a v2 reader reads a SPLIT sample with its breakdown, in binary and JSON
    EventCodec<ModelLatencySample> codec = EventCodec.of(ModelLatencySample.class);
    ModelLatencySample split = SampleEvents.splitSample();
    assertThat(codec.decode(codec.encode(split))).isEqualTo(split);
    assertThat(codec.fromJson(codec.toJson(split))).isEqualTo(split);

    // and from then on a part it does not know (a future symbol) reads as OTHER instead of failing
    Schema future = new Schema.Parser().parse(v2.toString().replace("\"OTHER\"]", "\"OTHER\", \"BLOCK\"]"));
    GenericRecord datum = new GenericData.Record(future);
    for (Schema.Field f : future.getFields()) {
      datum.put(f.name(), GenericData.get().deepCopy(f.schema(), new GenericDatumReader<GenericRecord>(v2, future)
          .read(null, DecoderFactory.get().binaryDecoder(java.util.Arrays.copyOfRange(codec.encode(split),
              EventCodec.HEADER_BYTES, codec.encode(split).length), null)).get(f.name())));
    }
    datum.put("part", new GenericData.EnumSymbol(future.getField("part").schema(), "BLOCK"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    var encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(future).write(datum, encoder);
    encoder.flush();
    GenericRecord read = new GenericDatumReader<GenericRecord>(future, v2).read(null,
        DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
    assertThat(read.get("part").toString()).isEqualTo("OTHER");
    assertThat(read.get("headMs")).isEqualTo(12.5);
  }

  @Test
  void telemetryEnvelopeFromAV2AgentStillDecodes() throws Exception {
    Schema v2 = version("DeviceTelemetry", 2);
    EventCodec<DeviceTelemetry> codec = EventCodec.of(DeviceTelemetry.class);
    DeviceTelemetry current = SampleEvents.telemetry(SampleEvents.modelSample());
    GenericRecord old = project(codec, current, v2);

    assertThat(codec.decode(singleObject(v2, old))).isEqualTo(current);
    assertThat(codec.fromJson(toJson(v2, old))).isEqualTo(current);
  }

  @Test
  void withoutTheHistoryAReaderCouldNotReadOldData() throws Exception {
    // The mechanism under test: a decoder that knows only the current schema rejects v0 bytes
    Schema v0 = version("NetworkSample", 0);
    GenericRecord old = new GenericData.Record(v0);
    old.put("uplinkBandwidthBytesPerSec", 1.0);
    old.put("rttMs", 1.0);
    old.put("probeSizeBytes", 1L);
    byte[] bytes = singleObject(v0, old);
    BinaryMessageDecoder<NetworkSample> currentOnly =
        new BinaryMessageDecoder<>(SpecificData.get(), NetworkSample.getClassSchema());

    assertThatThrownBy(() -> currentOnly.decode(bytes)).isInstanceOf(MissingSchemaException.class);
    assertThat(EventCodec.of(NetworkSample.class).decode(bytes).getRttMs()).isEqualTo(1.0);
  }

  @Test
  void atLeastTwoEventsHaveAGenuineEarlierVersion() {
    Map<String, Integer> withEarlier = EventTypes.all().stream()
        .filter(type -> SchemaHistory.of(type).size() > 1)
        .collect(Collectors.toMap(Class::getSimpleName, type -> SchemaHistory.of(type).size()));

    assertThat(withEarlier).containsKeys("NetworkSample", "DeviceRegistration", "DeviceTelemetry");
  }

  @Test
  void fingerprintsIdentifyTheirEventAndVersion() {
    SchemaHistory.Version v0 = SchemaHistory.of(NetworkSample.class).get(0);

    assertThat(SchemaHistory.findByFingerprint(v0.fingerprint())).contains(v0);
    assertThat(SchemaHistory.findByFingerprint(42L)).isEmpty();
  }

  private static Schema version(String eventName, int number) {
    return SchemaHistory.of(eventName).stream().filter(v -> v.version() == number).findFirst().orElseThrow()
        .schema();
  }

  /** {@code event} as a reader with schema {@code older} sees it (Avro schema resolution). */
  private static <T extends SpecificRecord> GenericRecord project(EventCodec<T> codec, T event, Schema older)
      throws IOException {
    byte[] bytes = codec.encode(event);
    return new GenericDatumReader<GenericRecord>(codec.schema(), older).read(null, DecoderFactory.get()
        .binaryDecoder(bytes, EventCodec.HEADER_BYTES, bytes.length - EventCodec.HEADER_BYTES, null));
  }

  /** Single-object bytes as a producer that knows only {@code schema} writes them. */
  private static byte[] singleObject(Schema schema, Object datum) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new BinaryMessageEncoder<Object>(GenericData.get(), schema).encode(datum, out);
    return out.toByteArray();
  }

  private static String toJson(Schema schema, Object datum) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    JsonEncoder encoder = EncoderFactory.get().jsonEncoder(schema, out);
    new GenericDatumWriter<>(schema).write(datum, encoder);
    encoder.flush();
    return out.toString(java.nio.charset.StandardCharsets.UTF_8);
  }
}
