package io.jointcs.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Kafka's own producer perf test ({@code org.apache.kafka.tools.ProducerPerformance}, what
 * {@code kafka-producer-perf-test.sh} runs, from the kafka-tools jar of the platform's Kafka version) in a JVM of
 * its own, against a scratch topic with the raw telemetry topic's partition count: the raw producer throughput the
 * same broker and machine give, as the yardstick for ingestion.
 */
public final class ProducerPerf {
  /** The summary line ProducerPerformance prints last. */
  private static final Pattern SUMMARY = Pattern.compile(
      "(\\d+) records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\), ([\\d.]+) ms avg latency, ([\\d.]+) ms max "
          + "latency, (\\d+) ms 50th, (\\d+) ms 95th, (\\d+) ms 99th, (\\d+) ms 99.9th");

  public record Result(String topic, long records, int recordSize, String acks, long sent, double recordsPerSec,
      double mbPerSec, double avgLatencyMs, double maxLatencyMs, double p50Ms, double p95Ms, double p99Ms,
      double p999Ms, List<String> command) {}

  private ProducerPerf() {}

  /** Parses ProducerPerformance's final summary line. */
  static Optional<double[]> parseSummary(String line) {
    Matcher m = SUMMARY.matcher(line);
    if (!m.find()) {
      return Optional.empty();
    }
    double[] v = new double[9];
    for (int i = 0; i < 9; i++) {
      v[i] = Double.parseDouble(m.group(i + 1));
    }
    return Optional.of(v);
  }

  /**
   * @param topic a scratch topic, created with {@code partitions} partitions and deleted afterwards
   * @param throughput records/s cap, -1 for as fast as the broker takes them
   */
  public static Result run(KafkaSettings kafka, String topic, int partitions, long records, int recordSize,
      long throughput, Consumer<String> log) throws IOException, InterruptedException {
    try (Admin admin = Admin.create(kafka.with(Map.of()))) {
      try {
        admin.createTopics(List.of(new NewTopic(topic, partitions, (short) -1))).all().get(60, TimeUnit.SECONDS);
      } catch (Exception e) {
        if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
          throw new IOException("cannot create the scratch topic " + topic + ": " + e.getMessage(), e);
        }
      }
      try {
        List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
            "-cp", System.getProperty("java.class.path"),
            "org.apache.kafka.tools.ProducerPerformance",
            "--topic", topic, "--num-records", Long.toString(records), "--record-size", Integer.toString(recordSize),
            "--throughput", Long.toString(throughput),
            "--producer-props", "bootstrap.servers=" + kafka.bootstrapServers(), "acks=all"));
        if (kafka.propertiesFile() != null) {
          command.add("--producer.config");
          command.add(kafka.propertiesFile().toString());
        }
        log.accept("producer perf test: " + String.join(" ", command.subList(command.indexOf("--topic"), command.size())));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        double[] summary = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
          String line;
          while ((line = out.readLine()) != null) {
            Optional<double[]> parsed = parseSummary(line);
            if (parsed.isPresent() && line.contains("99.9th")) {
              summary = parsed.get();
              log.accept("  " + line);
            } else if (line.contains("WARN") || line.contains("ERROR") || line.contains("Exception")) {
              log.accept("  " + line);
            }
          }
        }
        int rc = p.waitFor();
        if (summary == null) {
          throw new IOException("ProducerPerformance ended (exit " + rc + ") without its summary line");
        }
        return new Result(topic, records, recordSize, "all", (long) summary[0], summary[1], summary[2], summary[3],
            summary[4], summary[5], summary[6], summary[7], summary[8], command.subList(command.indexOf(
                "org.apache.kafka.tools.ProducerPerformance"), command.size()));
      } finally {
        try {
          admin.deleteTopics(List.of(topic)).all().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
          log.accept("could not delete the scratch topic " + topic + ": " + e.getMessage());
        }
      }
    }
  }
}
