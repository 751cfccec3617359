package io.jointcs.latency.profiling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.jointcs.json.Json;
import io.jointcs.latency.prediction.LayerFeatures;
import io.jointcs.latency.prediction.LayerLatencySample;
import io.jointcs.model.Architecture;
import io.jointcs.model.LayerType;
import io.jointcs.model.ModelSpec;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileJsonlTest {
  static final DeviceDescriptor DEVICE = new DeviceDescriptor("cpu-1t", "Test CPU", 4, 2, "0-1", true, 0.5, 1, 1, 1,
      "Linux 6.1", "aarch64", "PyTorch", "2.7.1", "0.36.0", "17.0.1", false,
      "real configuration on this machine, nothing emulated");
  static final TimingStats TIMING = new TimingStats(0.9, 1.2, 0.05, 0.3, 30, 2, true);

  static LayerProfile layer() {
    LayerLatencySample sample = new LayerLatencySample("cpu-1t",
        LayerFeatures.of(TestLayers.narrow(Architecture.RESNET20, LayerType.CONV)), 1.0, null, "grid/resnet20/b1.conv");
    return new LayerProfile(sample, LayerPlacement.ISOLATED, TIMING, DEVICE, "2025-01-01T00:00:00Z");
  }

  static RangeProfile range() {
    ModelSpec spec = ModelSpec.uniformlyScaled(Architecture.MOBILENET_V2, 10, 0.5);
    return new RangeProfile(ModelNames.of(spec), spec, RangeScope.HEAD, 0, 3, 6, 123456, 2.5, 2.2, TIMING, DEVICE,
        "2025-01-01T00:00:01Z");
  }

  @Test
  void layerAndRangeRecordsRoundTripOnePerLine(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("profile.jsonl");
    List<ProfileRecord> records = List.of(layer(), range());

    ProfileJsonl.write(file, records);

    assertThat(Files.readAllLines(file)).hasSize(2)
        .allSatisfy(l -> assertThat(l).startsWith("{\"record\":\"").doesNotContain("\n"));
    assertThat(ProfileJsonl.read(file)).isEqualTo(records);
    assertThat(ProfileJsonl.readLayerSamples(file)).containsExactly(layer().sample());
    assertThat(ProfileJsonl.readObservations(file)).containsExactly(range().toObservation());
  }

  @Test
  void aLayerLineCarriesItsTrainingSampleTimingAndDevice() throws IOException {
    JsonNode line = Json.mapper().readTree(ProfileJsonl.toLine(layer()));

    assertThat(line.get("sample").get("latencyMs").asDouble()).isEqualTo(layer().sample().latencyMs());
    assertThat(line.get("timing").get("relativeSpread").asDouble()).isEqualTo(0.3);
    assertThat(line.get("device").get("emulated").asBoolean()).isFalse();
  }

  @Test
  void appendingKeepsEarlierLines(@TempDir Path dir) {
    Path file = dir.resolve("p.jsonl");
    try (ProfileJsonl.Appender out = ProfileJsonl.Appender.create(file)) {
      out.append(layer());
    }
    try (ProfileJsonl.Appender out = ProfileJsonl.Appender.append(file)) {
      out.append(range());
    }
    assertThat(ProfileJsonl.read(file)).containsExactly(layer(), range());
  }

  @Test
  void badLinesAreErrorsNamingTheLine() {
    String good = ProfileJsonl.toLine(layer());
    assertThatThrownBy(() -> read(good + "\n\n" + good.replace("\"record\":\"layer\"", "\"record\":\"tensor\"")))
        .hasMessageContaining("line 3");
    assertThatThrownBy(() -> read(good.replace("\"latencyMs\":1.0", "\"latencyMs\":-1.0")))
        .hasMessageContaining("line 1").hasMessageContaining("latencyMs");
    assertThatThrownBy(() -> read(good.replace("\"deviceClass\":\"cpu-1t\",\"cpuModel\"",
        "\"deviceClass\":\"cpu-2t\",\"cpuModel\"")))
        .hasMessageContaining("line 1").hasMessageContaining("device class");
    assertThatThrownBy(() -> read(ProfileJsonl.toLine(range()).replace(",\"layerSumMs\":2.2", "")))
        .hasMessageContaining("layerSumMs");
  }

  @Test
  void theSummaryCountsRecordsAndReportsTheirSpread() {
    TimingStats noisy = new TimingStats(1, 2, 0.3, 0.9, 40, 10, false);
    RangeProfile r = range();
    RangeProfile noisyRange = new RangeProfile(r.modelName(), r.spec(), r.scope(), r.fromCut(), r.toCut(),
        r.layerCount(), r.macs(), r.latencyMs(), r.layerSumMs(), noisy, DEVICE, r.measuredAt());

    ProfileSummary summary = ProfileSummary.of(List.of(layer(), r, noisyRange), "x.jsonl", 1.5);

    assertThat(summary.layerRecords()).isEqualTo(1);
    assertThat(summary.rangeRecords()).isEqualTo(2);
    assertThat(summary.medianRelativeSpread()).isEqualTo(0.3);
    assertThat(summary.p90RelativeSpread()).isEqualTo(0.9);
    assertThat(summary.unstableRecords()).isEqualTo(1);
    assertThat(summary.rejectedRunShare()).isEqualTo(14.0 / 100);
    assertThatThrownBy(() -> ProfileSummary.of(List.of(), "x", 0)).hasMessageContaining("nothing");
  }

  private static List<ProfileRecord> read(String text) throws IOException {
    return ProfileJsonl.read(new StringReader(text), "test.jsonl");
  }
}
