package io.jointcs.trainer;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.jointcs.events.LatencyMeasurement;
import io.jointcs.events.LatencyPredictor;
import io.jointcs.events.ModelLatencySample;
import io.jointcs.events.ModelPart;
import io.jointcs.events.ModelProfilingSample;
import io.jointcs.events.ProfilingSample;
import io.jointcs.events.TelemetrySource;
import io.jointcs.events.codec.EventDeserializer;
import io.jointcs.events.codec.EventSerializer;
import io.jointcs.kafka.embedded.KafkaTestResource;
import io.jointcs.kafka.embedded.TestKafka;
import io.jointcs.kafka.embedded.TestKafkaCondition;
import io.jointcs.latency.prediction.InvocationOverhead;
import io.jointcs.latency.prediction.LayerFeatures;
import io.jointcs.latency.prediction.PredictorCodec;
import io.jointcs.latency.prediction.TrainedPredictor;
import io.jointcs.latency.profiling.PrunedModelSampler;
import io.jointcs.latency.telemetry.LayerTelemetry;
import io.jointcs.latency.telemetry.ModelTelemetry;
import io.jointcs.model.Architecture;
import io.jointcs.model.LayerDescriptor;
import io.jointcs.model.ModelSpec;
import io.jointcs.topics.Topics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Whole-model telemetry on the real embedded broker: model samples on jointcs.profiling.model-samples fit the
 * invocation overhead of the next predictor of their class, which is published with it.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@ExtendWith(TestKafkaCondition.class)
class ModelSamplesServiceTest {
  private static final String CLASS = "test-overhead-1t";
  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  /** The synthetic device's invocation overhead: 0.5 ms + 0.02 ms per layer. */
  private static final double CONSTANT_MS = 0.5;
  private static final double PER_LAYER_MS = 0.02;

  TestKafka kafka;

  private static double lawMs(LayerFeatures f) {
    return 0.004 + 1e-7 * f.macs() + 5e-7 * (f.inputBytes() + f.outputBytes());
  }

  @Test
  void modelSamplesFitTheOverheadThatThePublishedPredictorCarries() throws Exception {
    List<ModelSpec> specs = new ArrayList<>();
    specs.add(ModelSpec.base(Architecture.RESNET20, ModelTelemetry.NUM_CLASSES));
    specs.addAll(new PrunedModelSampler(0.3, ModelTelemetry.NUM_CLASSES).sample(List.of(Architecture.RESNET20), 11,
        3));
    long now = System.currentTimeMillis();

    // Given: whole models, heads and tails of 12 models measured on the device (and a SPLIT, which is not fitted)
    List<ModelProfilingSample> models = new ArrayList<>();
    for (ModelSpec spec : specs) {
      int blocks = spec.plan().blockCount();
      for (int[] partCut : new int[][] {{2, blocks}, {0, 3}, {1, 3}, {0, 8}}) {
        ModelPart part = ModelPart.values()[partCut[0]];
        models.add(modelSample("m-" + models.size(), spec, part, partCut[1], now));
      }
    }
    ModelLatencySample whole = models.get(0).getSample();
    models.add(ModelProfilingSample.newBuilder(models.get(0)).setSampleId("split-1").setSample(
        ModelLatencySample.newBuilder(whole).setPart(ModelPart.SPLIT).setCutPoint(3).setHeadMs(1.0)
            .setTransferMs(1.0).setTailMs(whole.getLatency().getMedianMs() - 2.0).setCutBytes(32_768L).build())
        .build());
    send(Topics.PROFILING_MODEL_SAMPLES.name(), ModelProfilingSample.class, models, ModelProfilingSample::getDeviceClass);
    await("48 model samples consumed (the SPLIT is not a fit's)", () -> {
      JsonPath body = given().get("/predictors/" + CLASS).jsonPath();
      return body.get("modelSamples") != null && body.getInt("modelSamples.trainingSamples")
          + body.getInt("modelSamples.holdoutSamples") == 48;
    });

    // When: the layers of those models arrive, timed one by one
    Random noise = new Random(1);
    List<ProfilingSample> layers = new ArrayList<>();
    for (ModelSpec spec : specs) {
      for (LayerDescriptor d : spec.plan().layers()) {
        LayerFeatures f = LayerFeatures.of(d, 1);
        double ms = lawMs(f) * (1 + 0.03 * noise.nextGaussian());
        layers.add(ProfilingSample.newBuilder().setSampleId("layer-" + layers.size()).setDeviceClass(CLASS)
            .setDeviceId("dev-1").setEmulated(false).setThreads(1)
            .setLayer(LayerTelemetry.toEvent(new io.jointcs.latency.prediction.LayerLatencySample(CLASS, f, ms),
                latency(ms)).getLayer())
            .setLatencyMs(ms).setLatencyStddevMs(0.02 * ms).setRepetitions(20).setMeasuredAtEpochMs(now - 1000)
            .setValidatedAtEpochMs(now).setSource(TelemetrySource.KAFKA).build());
      }
    }
    send(Topics.PROFILING_SAMPLES.name(), ProfilingSample.class, layers, ProfilingSample::getDeviceClass);

    // Then: the published predictor carries a fitted, non-negative overhead, judged on held-out whole models too
    LatencyPredictor published = awaitPredictor();
    TrainedPredictor decoded = PredictorCodec.decode(PredictorCatalog.bytes(published.getModelBytes()));
    InvocationOverhead overhead = decoded.predictor().overhead();
    assertThat(overhead).isNotEqualTo(InvocationOverhead.NONE);
    assertThat(overhead.nonNegative()).isTrue();
    JsonPath attempt = given().get("/predictors/" + CLASS + "/metrics").then().statusCode(200).extract().jsonPath();
    assertThat(attempt.getBoolean("lastAttempt.accepted")).isTrue();
    assertThat(attempt.getInt("lastAttempt.trainingModelSamples") + attempt.getInt("lastAttempt.holdoutModelSamples"))
        .isEqualTo(48);
    assertThat(attempt.getString("lastAttempt.overhead")).contains("invocation overhead").contains("fitted on");
    assertThat(attempt.getInt("lastAttempt.wholeModelCandidate.count"))
        .isEqualTo(attempt.getInt("lastAttempt.holdoutModelSamples")).isPositive();
    assertThat(attempt.getDouble("lastAttempt.wholeModelCandidate.mape")).isLessThan(0.1);
    // and the event says how the predictor does end to end, on what it was measured
    assertThat(published.getWholeModelMetrics()).isNotNull();
    assertThat(published.getWholeModelMetrics().getValidationSampleCount())
        .isEqualTo(attempt.getInt("lastAttempt.holdoutModelSamples"));
    assertThat(published.getWholeModelMetrics().getTrainingSampleCount())
        .isEqualTo(attempt.getInt("lastAttempt.trainingModelSamples"));
    assertThat(published.getWholeModelMetrics().getMape())
        .isCloseTo(attempt.getDouble("lastAttempt.wholeModelCandidate.mape"), org.assertj.core.api.Assertions.within(1e-9));
    // the published predictor's whole model of the base ResNet-20 is close to the device's, its bare layers are not
    ModelLatencySample base = models.get(0).getSample();
    double predicted = decoded.predictor().predictNetwork(specs.get(0).plan()).latencyMs();
    double bare = decoded.predictor().withOverhead(InvocationOverhead.NONE).predictNetwork(specs.get(0).plan())
        .latencyMs();
    double measured = base.getLatency().getMedianMs();
    assertThat(Math.abs(predicted - measured) / measured).isLessThan(0.1);
    assertThat(Math.abs(bare - measured) / measured).isGreaterThan(0.1);
  }

  private static ModelProfilingSample modelSample(String id, ModelSpec spec, ModelPart part, int cut, long now) {
    int blocks = spec.plan().blockCount();
    ModelLatencySample shape = ModelLatencySample.newBuilder().setModelSpec(ModelTelemetry.specText(spec))
        .setPart(part).setCutPoint(cut).setBlockCount(blocks).setBatchSize(1).setLatency(latency(1)).build();
    List<LayerFeatures> ran = ModelTelemetry.layers(shape);
    double ms = CONSTANT_MS + PER_LAYER_MS * ran.size() + ran.stream().mapToDouble(ModelSamplesServiceTest::lawMs)
        .sum();
    return ModelProfilingSample.newBuilder().setSampleId(id).setDeviceClass(CLASS).setDeviceId("dev-1")
        .setEmulated(false).setThreads(1).setSample(ModelLatencySample.newBuilder(shape).setLatency(latency(ms))
            .build())
        .setMeasuredAtEpochMs(now - 1000).setValidatedAtEpochMs(now).setSource(TelemetrySource.KAFKA).build();
  }

  private static LatencyMeasurement latency(double ms) {
    return LatencyMeasurement.newBuilder().setMedianMs(ms).setP10Ms(ms).setP90Ms(ms).setStddevMs(0)
        .setRepetitions(20).setWarmupRuns(3).build();
  }

  private <T extends org.apache.avro.specific.SpecificRecord> void send(String topic, Class<T> type, List<T> values,
      java.util.function.Function<T, String> key) throws Exception {
    try (KafkaProducer<String, T> producer = new KafkaProducer<>(Map.of(
        "bootstrap.servers", kafka.bootstrapServers(), "acks", "all", "enable.idempotence", true),
        new StringSerializer(), new EventSerializer<>(type))) {
      for (T v : values) {
        producer.send(new ProducerRecord<>(topic, key.apply(v), v));
      }
      producer.flush();
    }
  }

  private LatencyPredictor awaitPredictor() {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      try (KafkaConsumer<String, LatencyPredictor> c = new KafkaConsumer<>(Map.of(
          "bootstrap.servers", kafka.bootstrapServers()), new StringDeserializer(),
          new EventDeserializer<>(LatencyPredictor.class))) {
        List<TopicPartition> parts = c.partitionsFor(Topics.PREDICTORS.name()).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        c.assign(parts);
        c.seekToBeginning(parts);
        Map<TopicPartition, Long> end = c.endOffsets(parts);
        while (parts.stream().anyMatch(p -> c.position(p) < end.get(p))) {
          for (ConsumerRecord<String, LatencyPredictor> r : c.poll(Duration.ofMillis(200))) {
            if (CLASS.equals(r.key())) {
              return r.value();
            }
          }
        }
      }
      LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
    }
    throw new AssertionError("timed out waiting for a predictor of " + CLASS);
  }

  private static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return;
      }
      LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
    }
    throw new AssertionError("timed out waiting for " + what);
  }
}
