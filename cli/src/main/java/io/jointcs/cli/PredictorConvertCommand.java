package io.jointcs.cli;

import io.jointcs.json.Json;
import io.jointcs.latency.mobilegpu.MobileGpuExport;
import io.jointcs.latency.mobilegpu.MobileGpuRuntime;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jointcs predictor convert}: other tools' latency data to layer-latency sample files. */
@Command(name = "convert", mixinStandardHelpOptions = true,
    description = "Convert other tools' latency measurements to layer-latency sample files.",
    subcommands = {PredictorConvertCommand.MobileGpu.class})
final class PredictorConvertCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  @Command(name = "mobile-gpu", mixinStandardHelpOptions = true,
      description = "The phone-GPU data set (../shared/datasets/device-latency/mobile-gpu): one file per runtime and "
          + "phone, <phone>-<runtime>-gpu.jsonl, with model names so that training holds out whole models.")
  static final class MobileGpu implements Callable<Integer> {
    @Option(names = "--in", required = true, description = "directory of the data set's CSV files") Path in;

    @Option(names = "--out", required = true, description = "directory to write the sample files to") Path out;

    @Option(names = "--runtime", split = ",", defaultValue = "tflite,torch",
        description = "runtimes to convert (default: ${DEFAULT-VALUE})")
    List<String> runtimes;

    @Option(names = "--json", description = "print the result as JSON") boolean json;

    @Override
    public Integer call() throws Exception {
      List<MobileGpuRuntime> chosen = runtimes.stream().map(MobileGpu::runtime).toList();
      MobileGpuExport.Result result = MobileGpuExport.export(in, out, chosen);
      if (json) {
        System.out.println(Json.mapper().writeValueAsString(result));
        return 0;
      }
      for (MobileGpuExport.ExportedFile f : result.files()) {
        System.out.printf(Locale.ROOT, "%s: %d samples of %s on %s (%d operators not measured there)%n", f.file(),
            f.samples(), f.runtime(), f.device(), f.missing());
      }
      result.skipped().forEach(s -> System.out.println("skipped " + s));
      System.out.println("train with: ./jointcs predictor train --samples FILE --device-class <file name without "
          + ".jsonl> --out P.jclp");
      return 0;
    }

    private static MobileGpuRuntime runtime(String name) {
      return Arrays.stream(MobileGpuRuntime.values()).filter(r -> r.name().equalsIgnoreCase(name.trim())).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("unknown runtime '" + name + "'; known: tflite, torch"));
    }
  }
}
