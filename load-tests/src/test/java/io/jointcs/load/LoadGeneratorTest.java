package io.jointcs.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadGeneratorTest {
  @Test
  void durationsReadAsPeopleWriteThem() {
    assertThat(LoadGenerator.duration("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(LoadGenerator.duration("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(LoadGenerator.duration("1.5m")).isEqualTo(Duration.ofSeconds(90));
    assertThat(LoadGenerator.duration("PT2S")).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void theProducerPerfSummaryLineIsParsed() {
    String line = "200000 records sent, 41254.1 records/sec (10.32 MB/sec), 512.34 ms avg latency, 1234.00 ms max "
        + "latency, 480 ms 50th, 900 ms 95th, 1100 ms 99th, 1200 ms 99.9th.";
    double[] v = ProducerPerf.parseSummary(line).orElseThrow();
    assertThat(v[0]).isEqualTo(200000);
    assertThat(v[1]).isEqualTo(41254.1);
    assertThat(v[7]).isEqualTo(1100);
    assertThat(ProducerPerf.parseSummary("10000 records sent, 2000.0 records/sec")).isEmpty();
  }

  @Test
  void everyCommandHasHelp() {
    for (String command : List.of("ingest", "plans", "producer-perf", "suite", "tokens")) {
      StringWriter out = new StringWriter();
      picocli.CommandLine cl = LoadGenerator.commandLine();
      cl.setOut(new PrintWriter(out));
      assertThat(cl.execute(command, "--help")).isZero();
      assertThat(out.toString()).contains("Usage: load-tests/run " + command);
    }
  }

  @Test
  void tokensAndTheirHashesAreWrittenForIngestion(@TempDir Path dir) throws Exception {
    int rc = LoadGenerator.commandLine().execute("tokens", "--devices", "3", "--tokens-out",
        dir.resolve("t.txt").toString(), "--hashes-out", dir.resolve("h.txt").toString());

    assertThat(rc).isZero();
    DeviceFleet fleet = DeviceFleet.read(dir.resolve("t.txt"));
    assertThat(fleet.deviceIds()).containsExactly("load-dev-0001", "load-dev-0002", "load-dev-0003");
    assertThat(Files.readString(dir.resolve("h.txt")))
        .contains("load-dev-0002 " + DeviceFleet.sha256Hex(fleet.tokens().get("load-dev-0002")));
  }

  @Test
  void aReportIsWrittenAsMarkdownJsonAndSvg(@TempDir Path dir) throws Exception {
    RunTracker t = new RunTracker(2, 0);
    t.scheduled(0, false, 0);
    t.scheduled(1, true, 0);
    t.acknowledged(0, 1_000_000);
    t.acknowledged(1, 1_000_000);
    t.sampleSeen(0, 5_000_000);
    t.rejectionSeen(1, 5_000_000);
    List<Second> timeline = List.of(
        new Second(1, 2, 2, 1, 1, 5, 5, 5, Map.of("ingestion", 300L << 20), 1.5),
        new Second(2, 0, 0, 0, 0, Double.NaN, Double.NaN, Double.NaN, Map.of(), 1.4));
    IngestionRun.Result r = new IngestionRun.Result("kafka-2", IngestionRun.Transport.KAFKA, 2, 1, 0.5, 1, 50, 2, 2,
        0.1, true, t.counts(), Map.of("INVALID_VALUE", 1L), Map.of(), LatencySummary.of(t.endToEnd()),
        LatencySummary.of(t.rejectionLatency()), LatencySummary.of(t.ackLatency()), Map.of("ingestion", 300L << 20),
        Map.of("ingestion", 300L << 20), Map.of("ingestion", 0.5), 1.0, 1.5, 1.5, timeline);
    Report report = new Report();
    report.add(r);

    report.write(dir);

    assertThat(Files.readString(dir.resolve("report.md"))).contains("| kafka-2 | KAFKA |");
    assertThat(Files.readString(dir.resolve("report.json"))).contains("\"goodLost\" : 0");
    assertThat(Files.readString(dir.resolve("kafka-2-throughput.svg"))).startsWith("<?xml").contains("samples out");
    assertThat(dir.resolve("kafka-2-latency.svg")).exists();
  }
}
