package io.jointcs.latency.mobilegpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.jointcs.latency.prediction.LayerFeatures;
import io.jointcs.latency.prediction.LayerKind;
import io.jointcs.latency.prediction.LayerLatencySample;
import io.jointcs.latency.prediction.ModelLatencyObservation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The converters on small inline files shaped like the real ones (the real files are tested in MobileGpuRealDataTest). */
class MobileGpuDatasetTest {
  private static final String TFLITE_HEADER =
      "model,operation,feature,pixel4|gpu|float,pixel4|gpu|kernel,s10|gpu|float,s10|gpu|kernel\n";

  private static String row(String model, String op, String feature, String pixel4, String s10) {
    return model + "," + op + ",\"" + feature + "\"," + pixel4 + ",k," + s10 + ",k\n";
  }

  private static final String TFLITE = TFLITE_HEADER
      + row("net", "CONV_2D", "{'Input_shape': '224', 'Input_channel': 3, 'Output_shape': '112', 'Stride': '2', "
          + "'Kernel': '3', 'Filter': '32', 'Group': '1', 'FLOPS': '21676032'}", "320.5", "400")
      + row("net", "DEPTHWISE_CONV_2D", "{'Input_shape': '31', 'Input_channel': 384, 'Output_shape': '14', "
          + "'Stride': '2', 'Kernel': '5', 'Filter': '1', 'Group': '1', 'FLOPS': '3763200'}", "122.2", "")
      + row("net", "MEAN", "{'Input_shape': '7', 'Input_channel': 1024, 'Output_shape': '1024', 'Stride': '-', "
          + "'Kernel': '0', 'Filter': '-', 'Group': '-', 'FLOPS': '50176'}", "16.3", "20")
      + row("net", "CONCATENATION", "{'Input_shape': '28', 'Input_channel': 64, 'Output_shape': '28', "
          + "'Stride': '-', 'Kernel': '4', 'Filter': '256', 'Group': '-', 'FLOPS': '-'}", "42.4", "50")
      + row("net", "FULLY_CONNECTED", "{'Input_shape': '-', 'Input_channel': 1024, 'Output_shape': '-', "
          + "'Stride': '-', 'Kernel': '-', 'Filter': '1000', 'Group': '-', 'FLOPS': '2048000'}", "84.5", "90")
      + row("net", "SOFTMAX", "{'Input_shape': '1', 'Input_channel': 1000}", "5", "6");

  private static MobileGpuDataset tflite(String text) {
    return MobileGpuDataset.convert(CsvTable.parse(text, "ops.csv"),
        CsvTable.parse("model,pixel4|gpu|float|mean,s10|gpu|float|mean\nnet,650.0,\n", "e2e.csv"),
        MobileGpuRuntime.TFLITE);
  }

  @Test
  void convertsTfliteOperatorsAndMicroseconds() {
    MobileGpuDataset d = tflite(TFLITE);
    List<LayerLatencySample> pixel4 = d.samples("pixel4");
    assertThat(pixel4).hasSize(6);
    LayerFeatures conv = pixel4.get(0).features();
    assertThat(conv.kind()).isEqualTo(LayerKind.CONV);
    assertThat(conv.macs()).isEqualTo(21676032L / 2);
    assertThat(conv.padding()).isEqualTo(0);
    assertThat(pixel4.get(0).latencyMs()).isCloseTo(0.3205, within(1e-12));
    assertThat(pixel4.get(0).modelName()).isEqualTo("net");
    LayerFeatures dw = pixel4.get(1).features();
    assertThat(dw.kind()).isEqualTo(LayerKind.DEPTHWISE_CONV);
    assertThat(dw.groups()).isEqualTo(384);
    assertThat(dw.outChannels()).isEqualTo(384);
    assertThat(dw.macs()).isEqualTo(3763200L / 2);
    assertThat(pixel4.get(2).features().kind()).isEqualTo(LayerKind.GLOBAL_AVG_POOL);
    assertThat(pixel4.get(3).features().outChannels()).isEqualTo(256);
    assertThat(pixel4.get(4).features().macs()).isEqualTo(1024L * 1000);
    assertThat(pixel4.get(5).features().kind()).isEqualTo(LayerKind.OTHER);
    assertThat(pixel4.get(5).features().groupKey()).isEqualTo("OTHER:SOFTMAX");
  }

  @Test
  void reportsMissingMeasurementsAndUnmappedOperatorsInsteadOfDroppingThem() {
    MobileGpuDataset d = tflite(TFLITE);
    ConversionReport r = d.report();
    assertThat(r.rows()).isEqualTo(6);
    assertThat(r.missingByDevice()).containsEntry("s10", 1).containsEntry("pixel4", 0);
    assertThat(r.samplesByDevice()).containsEntry("s10", 5);
    assertThat(r.unmappedOperations()).containsEntry("SOFTMAX", 1);
    assertThat(r.rowsByKind()).containsEntry("OTHER", 1).containsEntry("CONV", 1);
    assertThat(d.samples("s10")).hasSize(5);
    ModelLatencyObservation o = d.observation("net", "pixel4").orElseThrow();
    assertThat(o.latencyMs()).isCloseTo(0.65, within(1e-12));
    assertThat(o.layerCount()).isEqualTo(6);
    assertThat(d.observation("net", "s10")).isEmpty();
    assertThatThrownBy(() -> d.samples("iphone7")).hasMessageContaining("device 'iphone7' is not in ops.csv");
  }

  @Test
  void badCellsAndTruncatedFilesAreErrorsNamingLineAndColumn() {
    String conv = "{'Input_shape': '8', 'Input_channel': 3, 'Output_shape': '8', 'Stride': '1', 'Kernel': '1', "
        + "'Filter': '8', 'Group': '1', 'FLOPS': '1'}";
    assertThatThrownBy(() -> tflite(TFLITE_HEADER + row("n", "CONV_2D", conv, "nan", "1")))
        .hasMessageContaining("ops.csv line 2, column 'pixel4|gpu|float'").hasMessageContaining("finite");
    assertThatThrownBy(() -> tflite(TFLITE_HEADER + row("n", "CONV_2D", conv, "1", "0")))
        .hasMessageContaining("column 's10|gpu|float'").hasMessageContaining("> 0");
    assertThatThrownBy(() -> tflite(TFLITE_HEADER + row("n", "CONV_2D", conv, "1", "-3")))
        .hasMessageContaining("line 2");
    assertThatThrownBy(() -> tflite(TFLITE_HEADER + row("n", "CONV_2D", conv, "abc", "1")))
        .hasMessageContaining("latency 'abc' is not a number");
    assertThatThrownBy(() -> tflite(TFLITE_HEADER + row("n", "CONV_2D", conv.replace("'Kernel': '1'",
        "'Kernel': '-'"), "1", "1"))).hasMessageContaining("line 2, column 'feature' (CONV_2D)")
        .hasMessageContaining("'Kernel' is '-'");
    assertThatThrownBy(() -> tflite(TFLITE_HEADER + row("n", "CONV_2D", "{'Input_shape': '8'", "1", "1")))
        .hasMessageContaining("malformed feature dict");
    String truncated = TFLITE.substring(0, TFLITE.indexOf("DEPTHWISE") + 40);
    assertThatThrownBy(() -> tflite(truncated)).hasMessageContaining("line 3")
        .hasMessageContaining("truncated or corrupt");
    String cutAfterQuote = TFLITE.substring(0, TFLITE.indexOf("320.5"));
    assertThatThrownBy(() -> tflite(cutAfterQuote)).hasMessageContaining("ops.csv line 2")
        .hasMessageContaining("expected 7 fields");
    assertThatThrownBy(() -> tflite("")).hasMessageContaining("empty file");
  }

  @Test
  void convertsTorchOperatorsIncludingDepthwiseRowsWithoutGroups() {
    String header = "model,operation,feature,pixel4|gpu|float,pixel4|gpu|kernel\n";
    String text = header
        + "m,vulkan_prepack::run_conv2d_context,\"{'input_channel': 384, 'input_shape': 28, 'output_channel': 384, "
        + "'output_shape': 14, 'kernel_size': 5, 'stride': 2, 'padding': 2, 'input_size': 301056, "
        + "'output_size': 75264, 'flops': 1881600, 'filter_size': 9600}\",120.24,k\n"
        + "m,aten::hardswish,\"{'input_channel': 8, 'input_shape': 112, 'flops': 100352}\",29.64,k\n"
        + "m,aten::adaptive_avg_pool2d,\"{'input_channel': 1280, 'input_shape': 7, 'input_size': 62720}\",62.9,k\n"
        + "m,vulkan_prepack::run_conv2d_context,\"{'input_channel': 8, 'input_shape': 28, 'output_channel': 8, "
        + "'output_shape': 28, 'kernel_size': 3, 'stride': 1, 'padding': 1, 'flops': 5}\",1,k\n";
    assertThatThrownBy(() -> MobileGpuDataset.convert(CsvTable.parse(text, "t.csv"), null, MobileGpuRuntime.TORCH))
        .hasMessageContaining("t.csv line 5").hasMessageContaining("'groups' is missing");
    MobileGpuDataset d = MobileGpuDataset.convert(CsvTable.parse(text.substring(0, text.lastIndexOf("m,vulkan")),
        "t.csv"), null, MobileGpuRuntime.TORCH);
    List<LayerLatencySample> s = d.samples("pixel4");
    assertThat(s.get(0).features().kind()).isEqualTo(LayerKind.DEPTHWISE_CONV);
    assertThat(s.get(0).features().macs()).isEqualTo(1881600L);
    assertThat(s.get(1).features().groupKey()).isEqualTo("ACTIVATION:aten::hardswish");
    assertThat(s.get(2).features().kind()).isEqualTo(LayerKind.GLOBAL_AVG_POOL);
  }
}
