package io.jointcs.cli;

import io.jointcs.latency.bench.PredictorBenchReport;
import io.jointcs.latency.bench.PredictorBenchmark;
import io.jointcs.latency.mobilegpu.BenchmarkReport.AdaptationResult;
import io.jointcs.latency.mobilegpu.MobileGpuBenchmark;
import io.jointcs.latency.mobilegpu.MobileGpuRuntime;
import io.jointcs.latency.profiling.DeviceClassConfig;
import io.jointcs.latency.profiling.EngineThreads;
import io.jointcs.search.report.SvgPlot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jointcs bench predictor}: accuracy of the latency predictors on held-out layers and whole models. */
@Command(name = "predictor", mixinStandardHelpOptions = true,
    description = {"Profile each device class of this machine, train every predictor and measure RMSE, MAPE and the "
        + "share within ±5%%/±10%% on held-out layer configurations and held-out pruned models; the few-sample "
        + "adaptation curve between the classes; the same on the real phone-GPU data set when it is present.",
        "Layers, models, heads and tails are timed interleaved, and runs the OS preempted (Linux schedstat) are left "
            + "out of every median; the report says whether other processes competed for the CPU (CONTENDED). "
            + "Pin it for stable figures: taskset -c 1 ./jointcs bench predictor.",
        "Default settings take about 12 minutes on a quiet 2-core machine, --quick under one."})
final class BenchPredictorCommand implements Callable<Integer> {
  @Option(names = "--device-classes", split = ",", defaultValue = "cpu-1t,cpu-1t-b8",
      description = "preset device classes to measure, the first one is the adaptation source (default: "
          + "${DEFAULT-VALUE}; cpu-2t needs two idle cores)")
  List<String> deviceClasses;

  @Option(names = "--quick", description = "small networks, few samples, one repeat: checks the pipeline only")
  boolean quick;

  @Option(names = "--mobile-gpu", description = "phone data set directory (default: ../shared/datasets/"
      + "device-latency/mobile-gpu beside the checkout, skipped when absent)")
  Path mobileGpu;

  @Option(names = "--no-mobile-gpu", description = "skip the phone data set") boolean noMobileGpu;

  @Option(names = "--seed", defaultValue = "42") long seed;

  @Option(names = "--out", description = "directory to write predictor-bench.json, .md and adaptation.svg to")
  Path out;

  @Option(names = "--json", description = "print the report as JSON") boolean json;

  @Override
  public Integer call() throws Exception {
    List<DeviceClassConfig> classes = deviceClasses.stream().map(name -> DeviceClassConfig.preset(name)
        .orElseThrow(() -> new IllegalArgumentException("unknown device class '" + name + "'; presets: "
            + DeviceClassConfig.PRESETS.stream().map(DeviceClassConfig::name).collect(Collectors.joining(", ")))))
        .toList();
    if (classes.isEmpty()) {
      throw new IllegalArgumentException("--device-classes names no device class");
    }
    Path phones = phoneDataset();
    PredictorBenchmark.Options options = quick ? PredictorBenchmark.Options.quick(classes, phones, seed)
        : PredictorBenchmark.Options.standard(classes, phones, seed);
    // the first use of the engine in this JVM: inter-op threads are fixed from here on (1 for every preset)
    EngineThreads.apply(classes.get(0).intraOpThreads(), classes.get(0).interOpThreads());
    PredictorBenchReport report = new PredictorBenchmark(options, System.err).run();
    String markdown = report.toMarkdown();
    if (out != null) {
      Files.createDirectories(out);
      Files.writeString(out.resolve("predictor-bench.json"), report.toJson());
      Files.writeString(out.resolve("predictor-bench.md"), markdown);
      List<SvgPlot.Series> series = adaptationSeries(report);
      if (!series.isEmpty()) {
        new SvgPlot("Few-sample adaptation of the latency predictor", "mean absolute percentage error on held-out "
            + "layers of the target; phones: mean over target phones", "samples of the target device",
            "MAPE (%)", series).write(out.resolve("adaptation.svg"));
      }
    }
    System.out.println(json ? report.toJson() : markdown);
    return 0;
  }

  private Path phoneDataset() {
    if (noMobileGpu) {
      return null;
    }
    if (mobileGpu != null) {
      if (!Files.isRegularFile(mobileGpu.resolve(MobileGpuRuntime.TFLITE.operatorsFile()))) {
        throw new IllegalArgumentException("--mobile-gpu " + mobileGpu + " holds no "
            + MobileGpuRuntime.TFLITE.operatorsFile());
      }
      return mobileGpu;
    }
    Path home = Path.of(System.getProperty("jointcs.home", ".")).toAbsolutePath();
    Path beside = home.getParent() == null ? null : home.getParent().resolve(MobileGpuBenchmark.DEFAULT_RELATIVE_DIR);
    return beside != null && Files.isRegularFile(beside.resolve(MobileGpuRuntime.TFLITE.operatorsFile())) ? beside
        : null;
  }

  /** The methods drawn (the phone benchmark measures more corrections; all are in the tables). */
  private static final java.util.Set<String> PLOTTED = java.util.Set.of("adapt-scale", "adapt-log-linear-per-group",
      "scratch-boosted-trees", "scratch-gbt", "scratch-macs-linear");

  /** One line per (device class pair or phones, method): MAPE against the number of samples. */
  private static List<SvgPlot.Series> adaptationSeries(PredictorBenchReport report) {
    List<AdaptationResult> all = new ArrayList<>(report.adaptation());
    if (report.mobileGpu() != null) {
      all.addAll(report.mobileGpu().adaptation());
    }
    Map<String, Map<Integer, List<Double>>> lines = new TreeMap<>();
    for (AdaptationResult a : all) {
      if (!PLOTTED.contains(a.method())) {
        continue;
      }
      String label = (a.runtime().equals("cpu") ? a.source() + "→" + a.target() : a.runtime().toLowerCase()
          + " phones") + " " + a.method();
      lines.computeIfAbsent(label, k -> new TreeMap<>()).computeIfAbsent(a.samples(), k -> new ArrayList<>())
          .add(100 * a.mape());
    }
    List<SvgPlot.Series> series = new ArrayList<>();
    lines.forEach((label, points) -> series.add(new SvgPlot.Series(label, points.entrySet().stream()
        .map(e -> new SvgPlot.Point(e.getKey(), e.getValue().stream().mapToDouble(Double::doubleValue).average()
            .orElseThrow())).toList())));
    return series;
  }
}
