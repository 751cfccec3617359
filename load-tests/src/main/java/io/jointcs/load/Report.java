package io.jointcs.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.jointcs.search.report.SvgPlot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * What a load session found: every run's figures as a text table (also Markdown, report.md), JSON (report.json) and
 * per ingestion run two SVG plots: throughput over time, and end-to-end latency percentiles over time.
 */
public final class Report {
  /** Label prefix of warm-up runs (JIT, first transactions): reported, never the headline figure. */
  public static final String WARMUP = "warmup-";
  /** Label prefix of saturation runs (a backlog sent far above capacity): their out/s is ingestion's capacity. */
  public static final String SATURATION = "saturation-";
  private final Map<String, Object> environment = new LinkedHashMap<>();
  private final Map<String, Object> idleRss = new LinkedHashMap<>();
  private final List<IngestionRun.Result> ingestion = new ArrayList<>();
  private final List<PlanDeliveryRun.Result> plans = new ArrayList<>();
  private ProducerPerf.Result producerPerf;
  private final List<String> commands = new ArrayList<>();

  public void environment(String key, Object value) {
    environment.put(key, value);
  }

  public void idleRss(String name, long bytes) {
    idleRss.put(name, bytes);
  }

  public void command(String commandLine) {
    commands.add(commandLine);
  }

  public void add(IngestionRun.Result r) {
    ingestion.add(r);
  }

  public void add(PlanDeliveryRun.Result r) {
    plans.add(r);
  }

  public void producerPerf(ProducerPerf.Result r) {
    producerPerf = r;
  }

  /** The highest target rate that was sustained, or null. */
  public IngestionRun.Result bestSustained() {
    return ingestion.stream().filter(r -> r.sustained() && !r.label().startsWith(WARMUP)
            && !r.label().startsWith(SATURATION))
        .max(java.util.Comparator.comparingDouble(IngestionRun.Result::outputRate)).orElse(null);
  }

  /** The saturation run, or null. */
  public IngestionRun.Result saturation() {
    return ingestion.stream().filter(r -> r.label().startsWith(SATURATION)).findFirst().orElse(null);
  }

  /** Everything as one JSON document. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("commands", commands);
    m.put("environment", environment);
    m.put("idleRssBytes", idleRss);
    m.put("producerPerf", producerPerf);
    m.put("ingestion", ingestion);
    IngestionRun.Result best = bestSustained();
    if (best != null) {
      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("run", best.label());
      summary.put("sustainedRecordsPerSec", best.outputRate());
      summary.put("p50Ms", best.endToEnd().p50Ms());
      summary.put("p99Ms", best.endToEnd().p99Ms());
      summary.put("goodLost", best.counts().goodLost());
      if (producerPerf != null) {
        summary.put("rawProducerRecordsPerSec", producerPerf.recordsPerSec());
        summary.put("ratioIngestionToRawProducer", best.outputRate() / producerPerf.recordsPerSec());
      }
      m.put("bestSustained", summary);
    }
    IngestionRun.Result sat = saturation();
    if (sat != null) {
      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("run", sat.label());
      summary.put("capacityRecordsPerSec", sat.outputRate());
      summary.put("goodLost", sat.counts().goodLost());
      if (producerPerf != null) {
        summary.put("ratioCapacityToRawProducer", sat.outputRate() / producerPerf.recordsPerSec());
      }
      m.put("saturation", summary);
    }
    m.put("planDelivery", plans);
    return m;
  }

  public void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    json.writeValue(dir.resolve("report.json").toFile(), toMap());
    Files.writeString(dir.resolve("report.md"), markdown(), StandardCharsets.UTF_8);
    for (IngestionRun.Result r : ingestion) {
      Files.writeString(dir.resolve(r.label() + "-throughput.svg"), throughputPlot(r).render(), StandardCharsets.UTF_8);
      if (r.timeline().stream().anyMatch(s -> Double.isFinite(s.p99Ms()))) {
        Files.writeString(dir.resolve(r.label() + "-latency.svg"), latencyPlot(r).render(), StandardCharsets.UTF_8);
      }
    }
  }

  static SvgPlot throughputPlot(IngestionRun.Result r) {
    return new SvgPlot("Ingestion throughput: " + r.label(),
        String.format(Locale.ROOT, "%s, target %.0f records/s, %.0f%% invalid, %d devices", r.transport(),
            r.targetRate(), r.invalidShare() * 100, r.devices()),
        "time since start (s)", "records per second", List.of(
            series("sent (acknowledged)", r.timeline(), s -> s.ackedPerSec()),
            series("samples out", r.timeline(), s -> s.samplesPerSec()),
            series("rejections out", r.timeline(), s -> s.rejectionsPerSec()),
            series("samples + rejections out", r.timeline(), s -> s.samplesPerSec() + s.rejectionsPerSec())));
  }

  static SvgPlot latencyPlot(IngestionRun.Result r) {
    return new SvgPlot("End-to-end ingestion latency: " + r.label(),
        String.format(Locale.ROOT, "send (scheduled) to sample on %s; overall p50 %.1f ms, p99 %.1f ms",
            "jointcs.profiling.samples", r.endToEnd().p50Ms(), r.endToEnd().p99Ms()),
        "time since start (s)", "latency (ms)", List.of(
            series("p50 per second", r.timeline(), Second::p50Ms),
            series("p99 per second", r.timeline(), Second::p99Ms),
            series("max per second", r.timeline(), Second::maxMs)));
  }

  private static SvgPlot.Series series(String label, List<Second> timeline, ToDoubleFunction<Second> y) {
    List<SvgPlot.Point> points = new ArrayList<>();
    for (Second s : timeline) {
      double v = y.applyAsDouble(s);
      if (Double.isFinite(v)) {
        points.add(new SvgPlot.Point(s.t(), v));
      }
    }
    return new SvgPlot.Series(label, points);
  }

  /** The tables, as Markdown (also what the console shows). */
  public String markdown() {
    StringBuilder s = new StringBuilder("# JointCS load test\n\n");
    if (!commands.isEmpty()) {
      s.append("Command: `").append(String.join("`, `", commands)).append("`\n\n");
    }
    environment.forEach((k, v) -> s.append("- ").append(k).append(": ").append(v).append('\n'));
    if (!idleRss.isEmpty()) {
      s.append("- resident memory idle: ");
      List<String> parts = new ArrayList<>();
      idleRss.forEach((k, v) -> parts.add(k + " " + mib((Long) v)));
      s.append(String.join(", ", parts)).append('\n');
    }
    if (producerPerf != null) {
      ProducerPerf.Result p = producerPerf;
      s.append(String.format(Locale.ROOT, "%n## Kafka producer perf test (raw producer, same broker)%n%n"
          + "%,d records of %d bytes, acks=%s: **%.0f records/s** (%.2f MB/s), latency avg %.1f ms, p50 %.0f, "
          + "p99 %.0f, max %.0f ms%n", p.sent(), p.recordSize(), p.acks(), p.recordsPerSec(), p.mbPerSec(),
          p.avgLatencyMs(), p.p50Ms(), p.p99Ms(), p.maxLatencyMs()));
    }
    if (!ingestion.isEmpty()) {
      s.append("\n## Ingestion (raw record to validated sample)\n\n");
      s.append("| run | via | target/s | in/s | out/s | p50 ms | p90 ms | p99 ms | max ms | drain s | good in | "
          + "good lost | bad in | bad rejected | dup | sustained |\n");
      s.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
      for (IngestionRun.Result r : ingestion) {
        RunTracker.Counts c = r.counts();
        s.append(String.format(Locale.ROOT, "| %s | %s | %.0f | %.0f | %.0f | %s | %s | %s | %s | %.1f | %,d | %,d | "
            + "%,d | %,d | %d | %s |%n", r.label(), r.transport(), r.targetRate(), r.inputRate(), r.outputRate(),
            ms(r.endToEnd().p50Ms()), ms(r.endToEnd().p90Ms()), ms(r.endToEnd().p99Ms()), ms(r.endToEnd().maxMs()),
            r.drainSeconds(), c.goodAcked(), c.goodLost(), c.badAcked(), c.rejectionsOut(), c.duplicateSamples(),
            r.sustained() ? "yes" : "no"));
      }
      s.append("\n| run | rejections by reason | send failures | HTTP answers | ack p50/p99 ms | reject p50/p99 ms | "
          + "RSS max (mean) | CPU cores | machine busy cores | load 1m mean/max |\n");
      s.append("|---|---|---:|---|---|---|---|---|---:|---|\n");
      for (IngestionRun.Result r : ingestion) {
        List<String> rss = new ArrayList<>();
        r.rssMaxBytes().forEach((k, v) -> rss.add(k + " " + mib(v) + " (" + mib(r.rssMeanBytes().get(k)) + ")"));
        List<String> cpu = new ArrayList<>();
        r.cpuCores().forEach((k, v) -> cpu.add(String.format(Locale.ROOT, "%s %.2f", k, v)));
        s.append(String.format(Locale.ROOT, "| %s | %s | %,d | %s | %s / %s | %s / %s | %s | %s | %.2f of %d | %.1f / %.1f |%n",
            r.label(), r.rejectionReasons(), r.counts().sendFailed(), r.httpStatus().isEmpty() ? "-" : r.httpStatus(),
            ms(r.ack().p50Ms()), ms(r.ack().p99Ms()), ms(r.rejection().p50Ms()), ms(r.rejection().p99Ms()),
            String.join(", ", rss), String.join(", ", cpu), r.machineBusyCores(), Proc.cores(), r.load1mMean(),
            r.load1mMax()));
      }
      IngestionRun.Result best = bestSustained();
      if (best != null) {
        s.append(String.format(Locale.ROOT, "%nSustained: **%.0f records/s** (%s, %.0f%% invalid), p50 %s ms, p99 %s "
            + "ms, good records lost %d", best.outputRate(), best.label(), best.invalidShare() * 100,
            ms(best.endToEnd().p50Ms()), ms(best.endToEnd().p99Ms()), best.counts().goodLost()));
        if (producerPerf != null) {
          s.append(String.format(Locale.ROOT, "; ratio to the raw producer: %.3f (%.0f / %.0f)",
              best.outputRate() / producerPerf.recordsPerSec(), best.outputRate(), producerPerf.recordsPerSec()));
        }
        s.append('\n');
      }
      IngestionRun.Result sat = saturation();
      if (sat != null) {
        s.append(String.format(Locale.ROOT, "%nCapacity (a backlog of %,d records sent at once, drained as fast as "
            + "ingestion goes): **%.0f records/s**, good records lost %d", sat.counts().scheduled(), sat.outputRate(),
            sat.counts().goodLost()));
        if (producerPerf != null) {
          s.append(String.format(Locale.ROOT, "; ratio to the raw producer: %.3f (%.0f / %.0f)",
              sat.outputRate() / producerPerf.recordsPerSec(), sat.outputRate(), producerPerf.recordsPerSec()));
        }
        s.append('\n');
      }
      for (IngestionRun.Result r : ingestion) {
        if (!r.counts().lostExamples().isEmpty()) {
          s.append("\n").append(r.label()).append(": lost good records (first sequence numbers) ")
              .append(r.counts().lostExamples()).append('\n');
        }
      }
    }
    if (!plans.isEmpty()) {
      s.append("\n## Plan delivery\n\n| via | published by | devices | plans/s | published | delivered | superseded | "
          + "missing | p50 ms | p99 ms | max ms | records read (all subscribers) |\n|---|---|---:|---:|---:|---:|---:|---:|"
          + "---:|---:|---:|---:|\n");
      for (PlanDeliveryRun.Result p : plans) {
        s.append(String.format(Locale.ROOT, "| %s%s | %s | %d | %.1f | %,d | %,d | %,d | %,d | %s | %s | %s | %,d |%n",
            p.mode(), p.mode() == PlanDeliveryRun.Mode.HTTP ? " (poll " + (long) p.pollIntervalMs() + " ms)" : "",
            p.publisher(), p.devices(), p.plansPerSec(), p.published(), p.delivered(), p.superseded(), p.missing(),
            ms(p.delivery().p50Ms()), ms(p.delivery().p99Ms()), ms(p.delivery().maxMs()),
            p.deliveriesReadByAllSubscribers()));
      }
    }
    return s.toString();
  }

  static String ms(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, v < 10 ? "%.2f" : "%.0f", v) : "-";
  }

  static String mib(Long bytes) {
    return bytes == null ? "-" : String.format(Locale.ROOT, "%.0f MiB", bytes / 1048576.0);
  }
}
