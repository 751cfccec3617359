package io.jointcs.latency.prediction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerLatencySampleJsonlTest {

  @Test
  void roundTripsOneSamplePerLine(@TempDir Path dir) {
    List<LayerLatencySample> samples = SyntheticLayers.samples("pixel4", 5, 0.01, 1, 3);
    Path file = dir.resolve("samples.jsonl");
    LayerLatencySampleJsonl.write(file, samples);
    assertThat(LayerLatencySampleJsonl.read(file)).isEqualTo(samples);
    assertThat(lines(file)).hasSize(5).allSatisfy(l -> assertThat(l).startsWith("{\"deviceClass\":\"pixel4\""));
  }

  @Test
  void badLinesAreErrorsNamingTheLine() throws IOException {
    StringWriter w = new StringWriter();
    LayerLatencySampleJsonl.write(w, SyntheticLayers.samples("pixel4", 2, 0.01, 1, 4));
    String good = w.toString();
    String[] lines = good.split("\n");
    assertThatThrownBy(() -> read(good + lines[0].replace("\"CONV\"", "\"TRANSFORMER\"").replace(
        "\"DEPTHWISE_CONV\"", "\"TRANSFORMER\"")))
        .hasMessageContaining("line 3").hasMessageContaining("TRANSFORMER");
    assertThatThrownBy(() -> read(lines[0].replaceAll("\"latencyMs\":[0-9.eE-]+", "\"latencyMs\":0")))
        .hasMessageContaining("line 1").hasMessageContaining("latencyMs must be finite and > 0");
    assertThatThrownBy(() -> read(lines[0].replaceAll(",\"layerName\":\"[^\"]*\"", "")))
        .hasMessageContaining("line 1").hasMessageContaining("layerName");
    assertThatThrownBy(() -> read(lines[0].substring(0, lines[0].length() / 2)))
        .hasMessageContaining("line 1");
  }

  private static List<LayerLatencySample> read(String text) throws IOException {
    return LayerLatencySampleJsonl.read(new StringReader(text), "test.jsonl");
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
