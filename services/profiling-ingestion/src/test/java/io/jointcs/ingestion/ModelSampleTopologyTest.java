package io.jointcs.ingestion;

import static io.jointcs.telemetry.TelemetryFixtures.CLASS;
import static io.jointcs.telemetry.TelemetryFixtures.NOW;
import static io.jointcs.telemetry.TelemetryFixtures.layer;
import static io.jointcs.telemetry.TelemetryFixtures.model;
import static io.jointcs.telemetry.TelemetryFixtures.modelPart;
import static io.jointcs.telemetry.TelemetryFixtures.split;
import static org.assertj.core.api.Assertions.assertThat;

import io.jointcs.events.DeviceTelemetry;
import io.jointcs.events.KafkaPosition;
import io.jointcs.events.ModelPart;
import io.jointcs.events.ModelProfilingSample;
import io.jointcs.events.ProfilingSample;
import io.jointcs.events.RejectedTelemetry;
import io.jointcs.events.RejectionReason;
import io.jointcs.events.TelemetrySource;
import io.jointcs.events.codec.EventCodec;
import io.jointcs.events.codec.EventSerde;
import io.jointcs.telemetry.DriftDetector;
import io.jointcs.telemetry.KnownDeviceClasses;
import io.jointcs.telemetry.NetworkSmoothing;
import io.jointcs.telemetry.TelemetryValidator;
import io.jointcs.telemetry.ValidationLimits;
import io.jointcs.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
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

/** Model samples through the production topology: validated onto jointcs.profiling.model-samples, or rejected. */
class ModelSampleTopologyTest {
  private static final EventCodec<DeviceTelemetry> TELEMETRY = EventCodec.of(DeviceTelemetry.class);

  @TempDir
  Path stateDir;

  private final IngestionTopologyTest.Counting listener = new IngestionTopologyTest.Counting();
  private TopologyTestDriver driver;
  private TestInputTopic<String, byte[]> raw;
  private TestOutputTopic<String, ModelProfilingSample> modelSamples;
  private TestOutputTopic<String, ProfilingSample> samples;
  private TestOutputTopic<String, RejectedTelemetry> rejected;

  @BeforeEach
  void start() {
    TopologySettings settings = new TopologySettings(
        new TelemetryValidator(ValidationLimits.defaults(), new KnownDeviceClasses(Set.of(CLASS))),
        Duration.ofSeconds(10), Duration.ZERO, new NetworkSmoothing(0.3, 0.2), new DriftDetector(0.25, 3));
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "model-sample-topology-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
    driver = new TopologyTestDriver(IngestionTopology.build(settings, listener), props, Instant.ofEpochMilli(NOW));
    raw = driver.createInputTopic(Topics.TELEMETRY_RAW.name(), new StringSerializer(), new ByteArraySerializer());
    StringDeserializer k = new StringDeserializer();
    modelSamples = driver.createOutputTopic(Topics.PROFILING_MODEL_SAMPLES.name(), k,
        EventSerde.of(ModelProfilingSample.class).deserializer());
    samples = driver.createOutputTopic(Topics.PROFILING_SAMPLES.name(), k,
        EventSerde.of(ProfilingSample.class).deserializer());
    rejected = driver.createOutputTopic(Topics.TELEMETRY_REJECTED.name(), k,
        EventSerde.of(RejectedTelemetry.class).deserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  @Test
  void everyGoodModelSampleReachesTheModelSampleTopicAndEveryBadOneIsRejectedWithItsBytes() {
    // Given: a device's stream mixing layer samples, whole/head/split samples (binary and JSON) and bad ones
    List<DeviceTelemetry> good = List.of(
        model("w-1", "pi-1", CLASS, modelPart(ModelPart.WHOLE, 11, 9.5)),
        model("h-1", "pi-1", CLASS, modelPart(ModelPart.HEAD, 4, 3.1)),
        model("s-1", "pi-1", CLASS, split(4, 3.1, 20.4, 6.2, 30.0)),
        model("s-2", "pi-1", CLASS, split(0, 0.0, 40.0, 9.0, 49.5)));
    byte[] badBreakdown = TELEMETRY.encode(model("bad-1", "pi-1", CLASS, split(4, 3.1, 2.0, 6.2, 30.0)));
    byte[] badCut = TELEMETRY.toJson(model("bad-2", "pi-1", CLASS, modelPart(ModelPart.WHOLE, 3, 9.5)))
        .getBytes(StandardCharsets.UTF_8);
    byte[] truncated = java.util.Arrays.copyOf(TELEMETRY.encode(good.get(2)), 40);

    long t = NOW;
    raw.pipeInput("pi-1", TELEMETRY.encode(good.get(0)), t++);
    raw.pipeInput("pi-1", TELEMETRY.encode(layer("l-1", "pi-1", 1.2)), t++);
    raw.pipeInput("pi-1", badBreakdown, t++);
    raw.pipeInput("pi-1", TELEMETRY.toJson(good.get(1)).getBytes(StandardCharsets.UTF_8), t++);
    raw.pipeInput("pi-1", truncated, t++);
    raw.pipeInput("pi-1", TELEMETRY.encode(good.get(2)), t++);
    raw.pipeInput("pi-1", badCut, t++);
    raw.pipeInput("pi-1", TELEMETRY.toJson(good.get(3)).getBytes(StandardCharsets.UTF_8), t);

    // Then: the good model samples, in order, keyed by device class, each the measurement exactly as sent
    List<TestRecord<String, ModelProfilingSample>> out = modelSamples.readRecordsToList();
    assertThat(out).extracting(TestRecord::key).containsOnly(CLASS);
    assertThat(out).extracting(r -> r.value().getSampleId()).containsExactly("w-1", "h-1", "s-1", "s-2");
    for (int i = 0; i < good.size(); i++) {
      ModelProfilingSample s = out.get(i).value();
      assertThat(s.getSample()).isEqualTo(good.get(i).getPayload());
      assertThat(s.getDeviceId()).isEqualTo("pi-1");
      assertThat(s.getSource()).isEqualTo(TelemetrySource.KAFKA);
      assertThat(s.getKafkaPosition()).extracting(KafkaPosition::getTopic).isEqualTo(Topics.TELEMETRY_RAW.name());
    }
    assertThat(out.get(2).value().getSample().getTransferMs()).isEqualTo(20.4);
    // the layer sample still goes where it always did, and only there
    assertThat(samples.readValuesToList()).extracting(ProfilingSample::getSampleId).containsExactly("l-1");

    // and the bad ones are rejected with the reason and the original bytes, nothing lost
    List<RejectedTelemetry> rejections = rejected.readValuesToList();
    assertThat(rejections).extracting(RejectedTelemetry::getReason).containsExactly(RejectionReason.INVALID_VALUE,
        RejectionReason.CORRUPT, RejectionReason.INVALID_VALUE);
    assertThat(rejections.get(0).getReasonDetail()).contains("headMs + transferMs + tailMs");
    assertThat(rejections.get(0).getOriginalBytes().array()).isEqualTo(badBreakdown);
    assertThat(rejections.get(1).getOriginalBytes().array()).isEqualTo(truncated);
    assertThat(rejections.get(2).getReasonDetail()).contains("WHOLE model must equal blockCount 11");
    assertThat(rejections.get(2).getOriginalBytes().array()).isEqualTo(badCut);
    assertThat(listener.get("accepted") + listener.get("rejected")).isEqualTo(8);
    assertThat(out.size() + 1 + rejections.size()).isEqualTo(8);
  }

  @Test
  void redeliveredModelTelemetryKeepsItsSampleIdSoConsumersCanDropTheDuplicate() {
    DeviceTelemetry t = model("w-9", "pi-1", CLASS, modelPart(ModelPart.WHOLE, 11, 9.5));
    raw.pipeInput("pi-1", TELEMETRY.encode(t), NOW);
    raw.pipeInput("pi-1", TELEMETRY.encode(t), NOW + 1);

    List<ModelProfilingSample> out = new ArrayList<>(modelSamples.readValuesToList());
    assertThat(out).extracting(ModelProfilingSample::getSampleId).containsExactly("w-9", "w-9");
    assertThat(out.get(0).getKafkaPosition().getOffset()).isLessThan(out.get(1).getKafkaPosition().getOffset());
  }
}
