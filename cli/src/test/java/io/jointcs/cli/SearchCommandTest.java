package io.jointcs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import io.jointcs.artifact.ModelArtifact;
import io.jointcs.data.LabeledImages;
import io.jointcs.data.SyntheticImages;
import io.jointcs.latency.prediction.PredictorKind;
import io.jointcs.latency.profiling.CleanRunTimer;
import io.jointcs.latency.profiling.DeviceClassConfig;
import io.jointcs.model.Architecture;
import io.jointcs.model.ModelSpec;
import io.jointcs.model.Network;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code search} and {@code bench search --quick} through the real command line, on tiny synthetic data. The latency
 * predictor is profiled once, with the fewest timing runs the timer allows, and shared as a {@code --predictor} file.
 */
class SearchCommandTest {
  @TempDir static Path dir;
  static Path data;
  static Path base;
  static Path predictor;

  @BeforeAll
  static void writeDatasetAndBase() throws Exception {
    System.setProperty("jointcs.cache", dir.resolve("cache").toString());
    data = dir.resolve("data");
    LabeledImages images = SyntheticImages.generate(4, 24, 3);
    for (int i = 0; i < images.size(); i++) {
      Path file = data.resolve("train").resolve(images.classNames().get(images.labels()[i]))
          .resolve(String.format("%03d.png", i));
      Files.createDirectories(file.getParent());
      ImageIO.write(toImage(images, i), "png", file.toFile());
    }
    // an untrained ResNet-20 for 4 classes: the search does not need a good model to run
    try (NDManager manager = NDManager.newBaseManager();
        Network network = Network.initialize(ModelSpec.base(Architecture.RESNET20, 4), manager, 7)) {
      base = ModelArtifact.of(network).writeFile(dir.resolve("base.jcsm"));
    }
    predictor = SearchLatency.writeProfiled(DeviceClassConfig.preset("cpu-1t").orElseThrow(), Architecture.RESNET20,
        4, 2, PredictorKind.GRADIENT_BOOSTED_TREES, 1, new CleanRunTimer(0, 3, 3, 1.0, 3).interleaved(2, 2),
        dir.resolve("cpu-1t.jclp"));
  }

  private static BufferedImage toImage(LabeledImages images, int index) {
    BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
    int offset = index * LabeledImages.IMAGE_BYTES;
    byte[] p = images.pixels();
    for (int y = 0; y < 32; y++) {
      for (int x = 0; x < 32; x++) {
        int o = y * 32 + x;
        image.setRGB(x, y, (p[offset + o] & 0xFF) << 16 | (p[offset + 1024 + o] & 0xFF) << 8
            | (p[offset + 2048 + o] & 0xFF));
      }
    }
    return image;
  }

  @Test
  void searchWritesTheSeriesAndSaysTheGoalWasNotReached() throws Exception {
    Path out = dir.resolve("search");
    CommandLineWorkflowTest.Run run = CommandLineWorkflowTest.run("search", "--base", base.toString(), "--arch",
        "resnet20", "--data", data.toString(), "--predictor", predictor.toString(), "--device", "cpu-1t",
        "--link", "10mbit:20ms", "--goal", "0.05x", "--max-steps", "2", "--finetune-images", "16",
        "--recalibration-batches", "1", "--val-images", "0", "--out", out.toString(), "--json");
    // a goal of 5% of the segmentation-only latency is out of reach in two steps: exit 3, best model still written
    assertThat(run.exitCode()).as(run.err()).isEqualTo(SearchCommand.GOAL_NOT_REACHED_EXIT_CODE);
    JsonNode outcome = run.json();
    assertThat(outcome.get("goalReached").asBoolean()).isFalse();
    assertThat(outcome.get("message").asText()).contains("NOT reached").contains("best found");
    // how many candidates two steps find depends on the profiled (measured) predictor; every series model was one
    int seriesSize = outcome.get("series").size();
    assertThat(seriesSize).isBetween(1, 3);
    assertThat(outcome.get("candidatesEvaluated").asInt()).isGreaterThanOrEqualTo(seriesSize);
    JsonNode plan = outcome.get("plans").get(0);
    assertThat(plan.get("target").asText()).isEqualTo("cpu-1t@10mbit:20ms");
    assertThat(Path.of(plan.get("head").asText())).isRegularFile();
    for (JsonNode model : outcome.get("series")) {
      assertThat(Path.of(model.get("file").asText())).isRegularFile();
    }
    assertThat(out.resolve("search-report.json")).isRegularFile();
    assertThat(Files.readString(out.resolve("search-report.md"))).contains("NOT reached").contains("s0");
    assertThat(Files.readString(out.resolve("accuracy-latency-cpu-1t_10mbit_20ms.svg"))).contains("jointcs-greedy");
  }

  @Test
  void badInputIsOneClearLineWithExitCodeTwo() {
    CommandLineWorkflowTest.Run device = CommandLineWorkflowTest.run("search", "--base", base.toString(), "--data",
        data.toString(), "--profile", "--device", "pi9");
    assertThat(device.exitCode()).isEqualTo(2);
    assertThat(device.err()).contains("unknown device class 'pi9'").contains("cpu-1t-b8");

    CommandLineWorkflowTest.Run arch = CommandLineWorkflowTest.run("search", "--base", base.toString(), "--arch",
        "resnet56", "--data", data.toString(), "--profile");
    assertThat(arch.exitCode()).isEqualTo(2);
    assertThat(arch.err()).contains("--arch resnet56 does not match").contains("resnet20");

    CommandLineWorkflowTest.Run predictors = CommandLineWorkflowTest.run("search", "--base", base.toString(),
        "--data", data.toString());
    assertThat(predictors.exitCode()).isEqualTo(2);
    assertThat(predictors.err()).contains("no latency predictors").contains("--profile");

    CommandLineWorkflowTest.Run missing = CommandLineWorkflowTest.run("search", "--base", base.toString(), "--data",
        data.toString(), "--predictor", dir.resolve("nope.jclp").toString());
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("nope.jclp does not exist");

    CommandLineWorkflowTest.Run link = CommandLineWorkflowTest.run("search", "--base", base.toString(), "--data",
        data.toString(), "--profile", "--link", "10mbit");
    assertThat(link.exitCode()).isEqualTo(2);
    assertThat(link.err()).contains("--link '10mbit' must be BANDWIDTH:RTT");

    CommandLineWorkflowTest.Run rule = CommandLineWorkflowTest.run("search", "--base", base.toString(), "--data",
        data.toString(), "--predictor", predictor.toString(), "--device", "cpu-1t", "--selection-rule", "fastest");
    assertThat(rule.exitCode()).isEqualTo(2);
    assertThat(rule.err()).contains("unknown selection rule 'fastest'").contains("least-loss-per-latency-gain");

    CommandLineWorkflowTest.Run budget = CommandLineWorkflowTest.run("bench", "search", "--quick", "--base",
        base.toString(), "--data", data.toString(), "--predictor", predictor.toString(), "--device", "cpu-1t",
        "--val-images", "5");
    assertThat(budget.exitCode()).isEqualTo(2);
    assertThat(budget.err()).contains("--val-images must be >= 10, got 5");

    CommandLineWorkflowTest.Run step = CommandLineWorkflowTest.run("bench", "search", "--quick", "--base",
        base.toString(), "--data", data.toString(), "--predictor", predictor.toString(), "--device", "cpu-1t",
        "--step", "1.5");
    assertThat(step.exitCode()).isEqualTo(2);
    assertThat(step.err()).contains("--step must be in (0, 1), got 1.5");
  }

  @Test
  void quickBenchComparesTheMethodsWithMeasuredLatency() throws Exception {
    Path out = dir.resolve("bench");
    CommandLineWorkflowTest.Run run = CommandLineWorkflowTest.run("bench", "search", "--quick", "--base",
        base.toString(), "--data", data.toString(), "--predictor", predictor.toString(), "--device", "cpu-1t",
        "--link", "10mbit:20ms", "--goal", "0.8x",
        "--cost-arch", "resnet32", "--beam-widths", "1,2", "--cost-steps", "3", "--out", out.toString(), "--json");
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode report = run.json();
    assertThat(report.get("methods")).extracting(m -> m.get("method").asText())
        .containsExactly("jointcs-greedy", "segmentation-only", "compression-only", "compress-then-segment");
    for (JsonNode point : report.get("points")) {
      assertThat(point.get("measuredP50Ms").asDouble()).isPositive();
    }
    assertThat(report.get("comparisons").size()).isPositive();
    // one comparison per (target, baseline) and the union of the baselines, never crediting accuracy as speed
    assertThat(report.get("headline")).extracting(c -> c.get("baseline").asText()).containsExactly(
        "segmentation-only", "compression-only", "compress-then-segment", EqualAccuracy.BEST_BASELINE);
    for (JsonNode pair : report.get("comparisons")) {
      if (pair.get("pairing").asText().equals("EQUAL_ACCURACY")) {
        assertThat(Math.abs(pair.get("accuracyGap").asDouble())).isLessThanOrEqualTo(EqualAccuracy.TOLERANCE);
      }
    }
    assertThat(report.get("predictionTrust").get("statement").asText()).contains("plans run for real");
    assertThat(report.get("settings")).hasSize(1);
    assertThat(report.get("cost")).extracting(c -> c.get("architecture").asText()).contains("resnet20", "resnet32");
    assertThat(report.get("optimality").get("combinations").asLong()).isEqualTo(8);
    assertThat(out.resolve("bench-search.md")).isRegularFile();
    assertThat(out.resolve("measured-accuracy-latency-cpu-1t_10mbit_20ms.svg")).isRegularFile();
  }
}
