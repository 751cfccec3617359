package io.jointcs.latency.mobilegpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jointcs.latency.prediction.LayerLatencySample;
import io.jointcs.latency.telemetry.LayerLatencySampleJsonl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On the real phone measurements in ../shared when they are there (skipped otherwise). */
class MobileGpuRealDataTest {
  /** {@code <repo>/../shared/...}: Maven runs tests in the module directory, an IDE may run them in the root. */
  private static final List<Path> CANDIDATES = List.of(Path.of("..", "..").resolve(
      MobileGpuBenchmark.DEFAULT_RELATIVE_DIR), Path.of("..").resolve(MobileGpuBenchmark.DEFAULT_RELATIVE_DIR));

  private static Path dataset() {
    Path dir = CANDIDATES.stream().filter(p -> Files.isRegularFile(p.resolve(MobileGpuRuntime.TFLITE.operatorsFile())))
        .findFirst().orElse(null);
    assumeTrue(dir != null, "phone dataset not present at " + CANDIDATES.get(0).toAbsolutePath().normalize());
    return dir;
  }

  @Test
  void learnedPredictorBeatsTheMacsBaselineOnHeldOutModels() {
    MobileGpuBenchmark.Options options = new MobileGpuBenchmark.Options(42, 0.2, List.of(MobileGpuRuntime.TFLITE),
        List.of("pixel4", "iphonexs"), List.of("macs-linear", "gbt"), null, List.of(), 0);
    BenchmarkReport report = MobileGpuBenchmark.run(dataset(), options);
    for (String device : List.of("pixel4", "iphonexs")) {
      BenchmarkReport.PredictorResult linear = result(report, device, "macs-linear");
      BenchmarkReport.PredictorResult gbt = result(report, device, "gbt");
      assertThat(gbt.layers().mape()).as(device).isLessThan(0.12).isLessThan(linear.layers().mape() / 2);
      assertThat(gbt.layers().within10Pct()).as(device).isGreaterThan(linear.layers().within10Pct());
      assertThat(gbt.models().mape()).as(device).isLessThan(0.08).isLessThan(linear.models().mape());
      // without the invocation overhead whole models are underestimated: the overhead term is needed
      assertThat(result(report, device, "gbt (no overhead)").models().mape()).isGreaterThan(gbt.models().mape());
    }
    assertThat(report.toMarkdown()).contains("| TFLITE | pixel4 | gbt |");
    assertThat(report.toJson()).contains("\"heldOutModels\"");
  }

  @Test
  void convertsEveryRowOfBothFilesAndCountsTheGaps(@TempDir Path tmp) {
    MobileGpuDataset tflite = MobileGpuDataset.load(dataset(), MobileGpuRuntime.TFLITE);
    assertThat(tflite.report().rows()).isEqualTo(5556);
    assertThat(tflite.report().models()).isEqualTo(102);
    assertThat(tflite.devices()).containsExactly("pixel4", "s10", "mi8se", "a03s", "iphone7", "iphonexs");
    assertThat(tflite.report().missingByDevice().values()).allMatch(v -> v == 0);
    assertThat(tflite.endToEndMsByModel()).hasSize(102);
    MobileGpuDataset torch = MobileGpuDataset.load(dataset(), MobileGpuRuntime.TORCH);
    assertThat(torch.report().rows()).isEqualTo(7286);
    assertThat(torch.report().missingByDevice()).containsEntry("s10", 1623).containsEntry("iphonexs", 1287);
    assertThat(torch.report().unmappedOperations()).isEmpty();
    assertThat(torch.samples("s10")).hasSize(7286 - 1623);
    List<LayerLatencySample> samples = tflite.samples("pixel4");
    Path file = tmp.resolve("pixel4.jsonl");
    LayerLatencySampleJsonl.write(file, samples);
    List<LayerLatencySample> read = LayerLatencySampleJsonl.read(file, "pixel4");
    assertThat(read).extracting(LayerLatencySample::latencyMs).isEqualTo(samples.stream()
        .map(LayerLatencySample::latencyMs).toList());
    assertThat(read).extracting(s -> s.features().groupKey() + "@" + s.modelName()).isEqualTo(samples.stream()
        .map(s -> s.features().groupKey() + "@" + s.modelName()).toList());
  }

  private static BenchmarkReport.PredictorResult result(BenchmarkReport r, String device, String predictor) {
    return r.predictors().stream().filter(p -> p.device().equals(device) && p.predictor().equals(predictor))
        .findFirst().orElseThrow();
  }
}
