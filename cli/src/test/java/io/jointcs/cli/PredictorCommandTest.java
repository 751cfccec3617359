package io.jointcs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jointcs.latency.prediction.LayerFeatures;
import io.jointcs.latency.prediction.LayerLatencySample;
import io.jointcs.latency.telemetry.LayerLatencySampleJsonl;
import io.jointcs.latency.profiling.ModelNames;
import io.jointcs.latency.profiling.PrunedModelSampler;
import io.jointcs.model.Architecture;
import io.jointcs.model.LayerDescriptor;
import io.jointcs.model.ModelSpec;
import io.jointcs.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** predictor train / info / predict / convert and bench predictor through the real command line. */
class PredictorCommandTest {

  /** Layers of random pruned ResNet-20s with latencies from a MACs-and-bytes law plus 3% noise. */
  private static Path samples(Path dir) {
    Random random = new Random(7);
    List<LayerLatencySample> out = new ArrayList<>();
    for (ModelSpec spec : new PrunedModelSampler(0.25, 10).sample(List.of(Architecture.RESNET20), 12, 3)) {
      String model = ModelNames.of(spec);
      for (LayerDescriptor layer : spec.plan().layers()) {
        LayerFeatures f = LayerFeatures.of(layer);
        double ms = (0.002 + 1e-7 * f.macs() + 2e-7 * (f.inputBytes() + f.outputBytes()))
            * (1 + 0.03 * random.nextGaussian());
        out.add(new LayerLatencySample("rpi4", f, ms, model, layer.name()));
      }
    }
    Path file = dir.resolve("rpi4.jsonl");
    LayerLatencySampleJsonl.write(file, out);
    return file;
  }

  @Test
  void trainsInspectsAndAppliesAPredictorFromASampleFile(@TempDir Path dir) throws Exception {
    Path samples = samples(dir);
    Path predictor = dir.resolve("rpi4.jclp");

    CommandLineWorkflowTest.Run train = CommandLineWorkflowTest.run("predictor", "train", "--samples",
        samples.toString(), "--device-class", "rpi4", "--predictor", "boosted-trees", "--held-out", "0.25",
        "--out", predictor.toString(), "--json");

    assertThat(train.exitCode()).as(train.err()).isZero();
    JsonNode trained = train.json();
    assertThat(trained.get("heldOutModels").asInt()).isEqualTo(3);
    assertThat(trained.get("metrics").get("within10Pct").asDouble()).isGreaterThan(0.5);
    assertThat(Files.size(predictor)).isEqualTo(trained.get("serializedBytes").asLong());

    JsonNode info = CommandLineWorkflowTest.run("predictor", "info", predictor.toString(), "--json").json();
    assertThat(info.get("deviceClass").asText()).isEqualTo("rpi4");
    assertThat(info.get("predictor").asText()).isEqualTo("boosted-trees");
    assertThat(info.get("featureSet").asText()).isEqualTo("layer-log-gpu v1");
    assertThat(info.get("metrics").get("mape").asDouble())
        .isEqualTo(trained.get("metrics").get("mape").asDouble());

    CommandLineWorkflowTest.Run predict = CommandLineWorkflowTest.run("predictor", "predict", "--predictor",
        predictor.toString(), "--samples", samples.toString(), "--json");
    assertThat(predict.exitCode()).as(predict.err()).isZero();
    assertThat(predict.json().get("metrics").get("mape").asDouble()).isLessThan(0.2);

    CommandLineWorkflowTest.Run otherSet = CommandLineWorkflowTest.run("predictor", "predict", "--predictor",
        predictor.toString(), "--samples", samples.toString(), "--feature-set", "layer-log");
    assertThat(otherSet.exitCode()).isEqualTo(2);
    assertThat(otherSet.err()).contains(predictor.toString()).contains("feature set layer-log-gpu v1")
        .contains("layer-log v1 is required");
  }

  @Test
  void badSampleFilesEndWithTheFileAndLineAndExitCodeTwo(@TempDir Path dir) throws Exception {
    List<String> lines = Files.readAllLines(samples(dir));
    Path truncated = dir.resolve("truncated.jsonl");
    Files.writeString(truncated, lines.get(0) + "\n" + lines.get(1) + "\n" + lines.get(2).substring(0, 90));
    Path negative = dir.resolve("negative.jsonl");
    Files.writeString(negative, lines.get(0) + "\n" + lines.get(1).replaceFirst("\"medianMs\":[0-9.eE-]+",
        "\"medianMs\":-0.5") + "\n");
    Path flatten = dir.resolve("flatten.jsonl");
    Files.writeString(flatten, lines.get(0).replaceFirst("\"layerType\":\"[A-Z_]+\"", "\"layerType\":\"FLATTEN\""));

    assertBadInput(truncated, "truncated.jsonl line 3", "malformed JSON");
    assertBadInput(negative, "negative.jsonl line 2", "latencyMs must be finite and > 0");
    assertBadInput(flatten, "flatten.jsonl line 1", "layer type FLATTEN has no latency predictor");
    CommandLineWorkflowTest.Run unknownKind = CommandLineWorkflowTest.run("predictor", "train", "--samples",
        negative.toString(), "--device-class", "x", "--predictor", "forest", "--out", dir.resolve("p").toString());
    assertThat(unknownKind.exitCode()).isEqualTo(2);
    assertThat(unknownKind.err()).contains("unknown predictor 'forest'");
  }

  @Test
  void quickBenchmarkReportsEveryPredictorAndTheAdaptationCurve(@TempDir Path dir) throws Exception {
    CommandLineWorkflowTest.Run bench = CommandLineWorkflowTest.run("bench", "predictor", "--quick",
        "--device-classes", "cpu-1t,cpu-1t-b8", "--no-mobile-gpu", "--out", dir.toString(), "--json");

    assertThat(bench.exitCode()).as(bench.err()).isZero();
    JsonNode report = bench.json();
    assertThat(report.get("deviceClasses")).hasSize(2);
    for (JsonNode deviceClass : report.get("deviceClasses")) {
      assertThat(deviceClass.get("predictors")).extracting(p -> p.get("predictor").asText())
          .containsExactly("macs-linear", "lookup", "boosted-trees");
      assertThat(deviceClass.get("heldOutModels").asInt()).isEqualTo(2);
      assertThat(deviceClass.get("predictors").get(2).get("models").get("count").asInt()).isEqualTo(2);
      // heads and tails of the held-out models are predicted too; the overhead is fitted, non-negative
      assertThat(deviceClass.get("predictors").get(2).get("splits").get("count").asInt()).isEqualTo(8);
      for (String term : List.of("constantMs", "perLayerMs", "sumFraction", "perParamMbMs", "perOutputMbMs")) {
        assertThat(deviceClass.get("overhead").get(term).asDouble()).as(term).isGreaterThanOrEqualTo(0);
      }
      assertThat(deviceClass.get("overheadTerms").asText()).isNotBlank();
      assertThat(deviceClass.get("profile").has("contended")).isTrue();
    }
    assertThat(report.get("contended").isBoolean()).isTrue();
    assertThat(report.get("adaptation")).extracting(a -> a.get("samples").asInt()).contains(10, 20);
    assertThat(Files.readString(dir.resolve("adaptation.svg"))).contains("<svg").contains("scratch-macs-linear");
    assertThat(Json.mapper().readTree(dir.resolve("predictor-bench.json").toFile()).get("mobileGpu").isNull())
        .isTrue();
  }

  private static void assertBadInput(Path file, String where, String what) {
    CommandLineWorkflowTest.Run run = CommandLineWorkflowTest.run("predictor", "train", "--samples", file.toString(),
        "--device-class", "rpi4", "--out", file.resolveSibling("p.jclp").toString());
    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.err()).contains(where).contains(what);
    assertThat(run.err().lines().count()).isEqualTo(1);
  }
}
