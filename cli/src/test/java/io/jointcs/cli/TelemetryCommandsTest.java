package io.jointcs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.jointcs.events.DeviceTelemetry;
import io.jointcs.events.LatencyMeasurement;
import io.jointcs.events.LayerLatencySample;
import io.jointcs.events.ModelLatencySample;
import io.jointcs.events.ModelPart;
import io.jointcs.events.codec.EventCodec;
import io.jointcs.latency.prediction.InvocationOverhead;
import io.jointcs.latency.prediction.LayerFeatures;
import io.jointcs.latency.prediction.PredictorCodec;
import io.jointcs.latency.profiling.ModelNames;
import io.jointcs.latency.profiling.PrunedModelSampler;
import io.jointcs.latency.telemetry.LayerLatencySampleJsonl;
import io.jointcs.latency.telemetry.ModelLatencySampleJsonl;
import io.jointcs.latency.telemetry.ModelTelemetry;
import io.jointcs.model.Architecture;
import io.jointcs.model.LayerDescriptor;
import io.jointcs.model.ModelSpec;
import io.jointcs.telemetry.KnownDeviceClasses;
import io.jointcs.telemetry.TelemetryBatch;
import io.jointcs.telemetry.TelemetryValidator;
import io.jointcs.telemetry.ValidationLimits;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** profile --publish-http and predictor train --model-samples through the real command line. */
class TelemetryCommandsTest {
  private static final EventCodec<DeviceTelemetry> CODEC = EventCodec.of(DeviceTelemetry.class);

  @Test
  void profilePublishesEveryLayerWholeModelHeadAndTailToTheIngestionEndpoint(@TempDir Path dir) throws Exception {
    // Given an HTTP endpoint that splits batches and decodes records as profiling-ingestion does
    List<DeviceTelemetry> received = new CopyOnWriteArrayList<>();
    List<String> problems = new CopyOnWriteArrayList<>();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/telemetry", exchange -> {
      try {
        if (!"Bearer tok-pi".equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
          exchange.sendResponseHeaders(401, -1);
          return;
        }
        for (TelemetryBatch.Item item : TelemetryBatch.split(exchange.getRequestBody().readAllBytes(), 1000)) {
          received.add(CODEC.decode(item.bytes()));
        }
        exchange.sendResponseHeaders(202, -1);
      } catch (Exception e) {
        problems.add(e.toString());
        exchange.sendResponseHeaders(400, -1);
      } finally {
        exchange.close();
      }
    });
    server.start();
    try {
      // When a small profile runs with --publish-http
      Path out = dir.resolve("profile.jsonl");
      CommandLineWorkflowTest.Run run = CommandLineWorkflowTest.run("profile", "--device-class", "cpu-1t",
          "--layers", "12", "--models", "1", "--arch", "resnet20", "--no-blocks", "--rounds", "5",
          "--model-rounds", "5", "--out", out.toString(), "--publish-http", "http://127.0.0.1:" + server.getAddress().getPort(),
          "--token", "tok-pi", "--device-id", "pi-test");

      // Then every layer, the whole model and every head and tail arrived, valid by ingestion's rules
      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(problems).isEmpty();
      long lines = Files.readAllLines(out).stream().filter(l -> !l.isBlank()).count();
      assertThat(received).hasSize((int) lines);
      assertThat(run.err()).contains(received.size() + " delivered, 0 failed");
      TelemetryValidator validator = new TelemetryValidator(ValidationLimits.defaults(),
          new KnownDeviceClasses(Set.of("cpu-1t")));
      for (DeviceTelemetry t : received) {
        assertThat(validator.problem(t, "pi-test", System.currentTimeMillis(), id -> null)).as(t.toString())
            .isEmpty();
        assertThat(t.getDevice().getDeviceClass()).isEqualTo("cpu-1t");
        assertThat(t.getDevice().getEmulated()).isFalse();
      }
      assertThat(received.stream().filter(t -> t.getPayload() instanceof LayerLatencySample)).hasSizeGreaterThan(12);
      List<ModelLatencySample> models = received.stream().map(DeviceTelemetry::getPayload)
          .filter(p -> p instanceof ModelLatencySample).map(p -> (ModelLatencySample) p).toList();
      assertThat(models).extracting(ModelLatencySample::getPart).contains(ModelPart.WHOLE, ModelPart.HEAD,
          ModelPart.TAIL);
      assertThat(models).allSatisfy(m -> assertThat(ModelTelemetry.layers(m)).isNotEmpty());
      assertThat(received).extracting(DeviceTelemetry::getTelemetryId).doesNotHaveDuplicates();
    } finally {
      server.stop(0);
    }
  }

  @Test
  void publishingOptionsAreCheckedBeforeProfiling(@TempDir Path dir) {
    CommandLineWorkflowTest.Run noToken = CommandLineWorkflowTest.run("profile", "--out",
        dir.resolve("p.jsonl").toString(), "--publish-http", "http://127.0.0.1:1");
    assertThat(noToken.exitCode()).isNotZero();
    assertThat(noToken.err()).contains("--publish-http needs --token");
    assertThat(dir.resolve("p.jsonl")).doesNotExist();

    CommandLineWorkflowTest.Run fewRounds = CommandLineWorkflowTest.run("profile", "--out",
        dir.resolve("p.jsonl").toString(), "--model-rounds", "4");
    assertThat(fewRounds.exitCode()).isNotZero();
    assertThat(fewRounds.err()).contains("--model-rounds must be at least 5");
    assertThat(dir.resolve("p.jsonl")).doesNotExist();
  }

  /** Layer law of the synthetic device and its invocation overhead (0.3 ms + 0.02 ms per layer). */
  private static double lawMs(LayerFeatures f) {
    return 0.002 + 1e-7 * f.macs() + 2e-7 * (f.inputBytes() + f.outputBytes());
  }

  private static ModelLatencySample measured(ModelSpec spec, ModelPart part, int cut) {
    int blocks = spec.plan().blockCount();
    ModelLatencySample shape = ModelLatencySample.newBuilder().setModelSpec(ModelTelemetry.specText(spec))
        .setPart(part).setCutPoint(part == ModelPart.WHOLE ? blocks : cut).setBlockCount(blocks).setBatchSize(1)
        .setLatency(latency(1)).build();
    double ms = 0.3;
    for (LayerFeatures f : ModelTelemetry.layers(shape)) {
      ms += 0.02 + lawMs(f);
    }
    return ModelLatencySample.newBuilder(shape).setLatency(latency(ms)).build();
  }

  private static LatencyMeasurement latency(double ms) {
    return LatencyMeasurement.newBuilder().setMedianMs(ms).setP10Ms(ms).setP90Ms(ms).setStddevMs(0)
        .setRepetitions(30).setWarmupRuns(5).build();
  }

  @Test
  void predictorTrainFitsTheOverheadOnWholeModelSamplesAndReportsHeldOutWholeModels(@TempDir Path dir)
      throws Exception {
    // Given layer samples of 12 pruned ResNet-20s and their whole models, heads and tails (plus one SPLIT line)
    Random random = new Random(7);
    List<io.jointcs.latency.prediction.LayerLatencySample> layers = new ArrayList<>();
    List<String> modelLines = new ArrayList<>();
    for (ModelSpec spec : new PrunedModelSampler(0.25, 10).sample(List.of(Architecture.RESNET20), 12, 3)) {
      for (LayerDescriptor layer : spec.plan().layers()) {
        LayerFeatures f = LayerFeatures.of(layer);
        layers.add(new io.jointcs.latency.prediction.LayerLatencySample("rpi4", f,
            lawMs(f) * (1 + 0.03 * random.nextGaussian()), ModelNames.of(spec), layer.name()));
      }
      for (ModelLatencySample m : List.of(measured(spec, ModelPart.WHOLE, 0), measured(spec, ModelPart.HEAD, 4),
          measured(spec, ModelPart.TAIL, 4))) {
        modelLines.add(ModelLatencySampleJsonl.toLine(m));
      }
    }
    ModelLatencySample first = ModelLatencySampleJsonl.read(new java.io.StringReader(modelLines.get(0)), "x").get(0);
    modelLines.add(ModelLatencySampleJsonl.toLine(ModelLatencySample.newBuilder(first).setPart(ModelPart.SPLIT)
        .setCutPoint(4).setHeadMs(1.0).setTransferMs(2.0).setTailMs(first.getLatency().getMedianMs())
        .setCutBytes(8192L).build()));
    Path layerFile = dir.resolve("rpi4.jsonl");
    LayerLatencySampleJsonl.write(layerFile, layers);
    Path modelFile = dir.resolve("rpi4-models.jsonl");
    Files.write(modelFile, modelLines);
    Path predictor = dir.resolve("rpi4.jclp");

    // When trained with --model-samples
    CommandLineWorkflowTest.Run train = CommandLineWorkflowTest.run("predictor", "train", "--samples",
        layerFile.toString(), "--model-samples", modelFile.toString(), "--device-class", "rpi4", "--predictor",
        "boosted-trees", "--held-out", "0.25", "--out", predictor.toString(), "--json");

    // Then the overhead is fitted on the 9 training models, and judged on the 3 held-out ones
    assertThat(train.exitCode()).as(train.err()).isZero();
    JsonNode whole = train.json().get("wholeModels");
    assertThat(whole.get("overheadFitted").asBoolean()).as(whole.toString()).isTrue();
    assertThat(whole.get("trainingSamples").asInt()).isEqualTo(27);
    assertThat(whole.get("heldOutSamples").asInt()).isEqualTo(9);
    assertThat(whole.get("splitSamplesNotFitted").asInt()).isEqualTo(1);
    assertThat(whole.get("heldOutMetrics").get("mape").asDouble()).isLessThan(0.1)
        .isLessThan(whole.get("heldOutMetricsWithoutOverhead").get("mape").asDouble() / 2);
    // and the predictor file carries it
    InvocationOverhead overhead = PredictorCodec.decode(Files.readAllBytes(predictor)).predictor().overhead();
    assertThat(overhead).isNotEqualTo(InvocationOverhead.NONE);
    assertThat(overhead.nonNegative()).isTrue();

    // A bad model line stops the command with the file and line
    Files.write(modelFile, List.of(modelLines.get(0), modelLines.get(1).replace("resnet20[", "resnet99[")));
    CommandLineWorkflowTest.Run bad = CommandLineWorkflowTest.run("predictor", "train", "--samples",
        layerFile.toString(), "--model-samples", modelFile.toString(), "--device-class", "rpi4", "--out",
        predictor.toString());
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("rpi4-models.jsonl line 2").contains("unknown architecture 'resnet99'");
  }
}
