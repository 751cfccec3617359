package io.jointcs.latency.mobilegpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jointcs.latency.prediction.LayerKind;
import io.jointcs.latency.prediction.LayerLatencySample;
import io.jointcs.latency.telemetry.LayerLatencySampleJsonl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MobileGpuExportTest {
  private static final String OPS = """
      model,operation,feature,pixel4|gpu|float,pixel4|gpu|kernel,s10|gpu|float,s10|gpu|kernel
      netA,CONV_2D,"{'Input_shape': '32', 'Input_channel': 3, 'Output_shape': '16', 'Stride': '2', 'Kernel': '3', \
      'Filter': '16', 'Group': '1', 'FLOPS': '221184'}",120.5,k,150,k
      netA,DEPTHWISE_CONV_2D,"{'Input_shape': '16', 'Input_channel': 16, 'Output_shape': '16', 'Stride': '1', \
      'Kernel': '3', 'Filter': '1', 'Group': '1', 'FLOPS': '73728'}",40,k,,k
      netB,MEAN,"{'Input_shape': '7', 'Input_channel': 64, 'Output_shape': '64', 'Stride': '-', 'Kernel': '0', \
      'Filter': '-', 'Group': '-', 'FLOPS': '3136'}",8.25,k,9,k
      """;

  @Test
  void writesOneSampleFilePerPhoneWithModelNamesAndCountsTheGaps(@TempDir Path dir) throws IOException {
    Path data = dir.resolve("mobile-gpu");
    Files.createDirectories(data);
    Files.writeString(data.resolve(MobileGpuRuntime.TFLITE.operatorsFile()), OPS);

    MobileGpuExport.Result result = MobileGpuExport.export(data, dir.resolve("out"), List.of(MobileGpuRuntime.values()));

    assertThat(result.skipped()).singleElement().asString().contains("TORCH");
    assertThat(result.files()).extracting(MobileGpuExport.ExportedFile::deviceClass)
        .containsExactly("pixel4-tflite-gpu", "s10-tflite-gpu");
    MobileGpuExport.ExportedFile s10 = result.files().get(1);
    assertThat(s10.samples()).isEqualTo(2);
    assertThat(s10.missing()).isEqualTo(1);
    List<LayerLatencySample> pixel4 = LayerLatencySampleJsonl.read(dir.resolve("out/pixel4-tflite-gpu.jsonl"),
        "pixel4-tflite-gpu");
    assertThat(pixel4).extracting(LayerLatencySample::modelName).containsExactly("netA", "netA", "netB");
    assertThat(pixel4).extracting(s -> s.features().kind())
        .containsExactly(LayerKind.CONV, LayerKind.DEPTHWISE_CONV, LayerKind.GLOBAL_AVG_POOL);
    assertThat(pixel4).extracting(LayerLatencySample::latencyMs).containsExactly(0.1205, 0.04, 0.00825);
  }

  @Test
  void aDirectoryWithoutOperatorFilesIsAnError(@TempDir Path dir) {
    assertThatThrownBy(() -> MobileGpuExport.export(dir, dir.resolve("out"), List.of(MobileGpuRuntime.values())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no phone operator file");
    assertThatThrownBy(() -> MobileGpuExport.export(dir.resolve("nope"), dir, List.of(MobileGpuRuntime.TFLITE)))
        .hasMessageContaining("does not exist");
  }

  @Test
  void convertsTheRealDatasetWhenItIsThere(@TempDir Path dir) {
    Path data = Path.of("..", "..").resolve(MobileGpuBenchmark.DEFAULT_RELATIVE_DIR);
    assumeTrue(Files.isRegularFile(data.resolve(MobileGpuRuntime.TFLITE.operatorsFile())),
        "phone dataset not present at " + data.toAbsolutePath().normalize());

    MobileGpuExport.Result result = MobileGpuExport.export(data, dir, List.of(MobileGpuRuntime.values()));

    assertThat(result.files()).hasSize(10);
    MobileGpuExport.ExportedFile pixel4 = result.files().get(0);
    assertThat(pixel4.deviceClass()).isEqualTo("pixel4-tflite-gpu");
    assertThat(pixel4.samples()).isEqualTo(5556);
    assertThat(LayerLatencySampleJsonl.read(pixel4.file(), pixel4.deviceClass())).hasSize(5556);
    assertThat(result.files()).filteredOn(f -> f.deviceClass().equals("s10-torch-gpu"))
        .singleElement().satisfies(f -> assertThat(f.samples() + f.missing()).isEqualTo(7286));
  }
}
