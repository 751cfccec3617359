package io.jointcs.latency.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jointcs.latency.prediction.LayerFeatures;
import io.jointcs.latency.prediction.LayerLatencySample;
import io.jointcs.model.Architecture;
import io.jointcs.model.ModelSpec;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerLatencySampleJsonlTest {
  private static final String DEVICE = "rpi4";

  @Test
  void roundTripsOneAvroJsonRecordPerLine(@TempDir Path dir) throws IOException {
    List<LayerLatencySample> samples = samples();
    Path file = dir.resolve("samples.jsonl");

    LayerLatencySampleJsonl.write(file, samples);

    assertThat(LayerLatencySampleJsonl.read(file, DEVICE)).isEqualTo(samples);
    assertThat(Files.readAllLines(file)).hasSize(samples.size())
        .allSatisfy(l -> assertThat(l).startsWith("{\"layer\":{\"layerType\":"));
  }

  @Test
  void aV1LineWithoutModelNameAndWithConv2dIsRead() throws IOException {
    String v1 = line(0).replace("\"CONV\"", "\"CONV2D\"").replaceAll(",\"modelName\":\\{\"string\":\"[^\"]*\"}", "")
        .replaceFirst(",\"fusedActivation\":\\{[^}]*\\}", "");

    List<LayerLatencySample> read = read(v1);

    assertThat(read).hasSize(1);
    assertThat(read.get(0).modelName()).isNull();
    assertThat(read.get(0).features().fusedActivation()).isNull();
    assertThat(read.get(0).features()).usingRecursiveComparison().ignoringFields("fusedActivation")
        .isEqualTo(samples().get(0).features());
  }

  @Test
  void badLatenciesAreErrorsNamingTheLine() {
    for (String bad : List.of("0.0", "-1.5", "\"NaN\"", "\"Infinity\"", "NaN")) {
      String text = line(0) + "\n" + line(1).replaceFirst("\"medianMs\":[0-9.eE-]+", "\"medianMs\":" + bad) + "\n";

      // JSON has no non-finite numbers: as strings or bare tokens they are not a double to begin with
      assertThatThrownBy(() -> read(text)).as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("test.jsonl line 2")
          .hasMessageContaining(bad.startsWith("\"") ? "Expected double" : bad.equals("NaN") ? "malformed JSON"
              : "latencyMs must be finite and > 0");
    }
  }

  @Test
  void unknownAndUnusableLayerTypesAreErrorsNamingTheLine() {
    assertThatThrownBy(() -> read(line(0) + "\n\n" + line(1).replace("\"CONV\"", "\"TRANSFORMER\"")))
        .hasMessageContaining("test.jsonl line 3").hasMessageContaining("TRANSFORMER");
    assertThatThrownBy(() -> read(line(1).replace("\"CONV\"", "\"FLATTEN\"")))
        .hasMessageContaining("line 1").hasMessageContaining("layer type FLATTEN has no latency predictor");
  }

  @Test
  void malformedAndTruncatedLinesAreErrorsNotSkipped() {
    String complete = line(0) + "\n" + line(1) + "\n";

    assertThatThrownBy(() -> read(complete + line(0).substring(0, line(0).length() - 7)))
        .hasMessageContaining("line 3").hasMessageContaining("malformed JSON");
    assertThatThrownBy(() -> read(line(0).replace("\"layerName\"", "\"name\"")))
        .hasMessageContaining("line 1").hasMessageContaining("layerName");
    assertThatThrownBy(() -> read("not json\n"))
        .hasMessageContaining("line 1");
  }

  @Test
  void aLineWrittenBeforeTheFusedActivationExistedReadsItAsUnknown() throws IOException {
    String current = line(0);
    String older = current.replaceFirst(",\"fusedActivation\":\\{[^}]*\\}", "");
    assertThat(older).isNotEqualTo(current).doesNotContain("fusedActivation");

    LayerLatencySample read = read(older + "\n").get(0);

    assertThat(read.features().fusedActivation()).isNull();
    assertThat(read.features().groupKey()).isEqualTo(read(current + "\n").get(0).features().kindKey());
    assertThat(read(current + "\n").get(0).features()).isEqualTo(samples().get(0).features());
  }

  @Test
  void theExampleLineOfTheDocsIsAValidSample() throws IOException {
    Path doc = Path.of("..", "docs", "latency-samples.md");
    String text = Files.readString(doc);
    int start = text.indexOf("```json\n") + "```json\n".length();

    List<LayerLatencySample> read = read(text.substring(start, text.indexOf("```", start)));

    assertThat(read).singleElement().satisfies(s -> {
      assertThat(s.modelName()).isEqualTo("resnet20[16,16,32,64]");
      assertThat(s.latencyMs()).isEqualTo(0.412);
      assertThat(s.features().macs()).isEqualTo(16L * 16 * 32 * 16 * 9);
      assertThat(s.features().fusedActivation()).isEqualTo(io.jointcs.model.Activation.RELU);
      assertThat(s.features().groupKey()).isEqualTo("CONV+RELU");
    });
  }

  private static List<LayerLatencySample> samples() {
    return ModelSpec.base(Architecture.RESNET20, 10).plan().layers().stream().limit(4)
        .map(l -> new LayerLatencySample(DEVICE, LayerFeatures.of(l), 0.1 + l.macs() * 1e-7, "resnet20", l.name()))
        .toList();
  }

  private static String line(int index) {
    return LayerLatencySampleJsonl.toLine(LayerTelemetry.toEvent(samples().get(index)));
  }

  private static List<LayerLatencySample> read(String text) throws IOException {
    return LayerLatencySampleJsonl.read(new StringReader(text), "test.jsonl", DEVICE);
  }
}
