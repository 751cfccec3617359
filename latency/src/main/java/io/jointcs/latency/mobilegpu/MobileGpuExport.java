package io.jointcs.latency.mobilegpu;

import io.jointcs.latency.prediction.LayerLatencySample;
import io.jointcs.latency.telemetry.LayerLatencySampleJsonl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Converts the phone dataset into layer-latency sample files ({@link LayerLatencySampleJsonl}): one file per runtime
 * and phone, named after the device class its samples belong to ({@code <phone>-<runtime>-gpu}, e.g.
 * {@code pixel4-tflite-gpu.jsonl}), each line one operator of one model with its model name, so that training can
 * hold out whole models. Empty latency cells (missing measurements) are counted, not written.
 */
public final class MobileGpuExport {
  private MobileGpuExport() {}

  /**
   * One written file.
   *
   * @param samples lines written (operators measured on that phone)
   * @param missing operators without a measurement on that phone
   */
  public record ExportedFile(String runtime, String device, String deviceClass, Path file, int samples, int missing) {}

  /**
   * @param files the files written, by runtime then phone
   * @param conversions what the converter made of each runtime's operator file
   * @param skipped runtimes whose operator file was not in the dataset directory
   */
  public record Result(List<ExportedFile> files, List<ConversionReport> conversions, List<String> skipped) {}

  /** The device class of a phone's samples under a runtime. */
  public static String deviceClass(MobileGpuRuntime runtime, String device) {
    return device.toLowerCase(Locale.ROOT) + "-" + runtime.name().toLowerCase(Locale.ROOT) + "-gpu";
  }

  /** Converts the operator files of {@code runtimes} found in {@code datasetDir} into {@code outDir}. */
  public static Result export(Path datasetDir, Path outDir, List<MobileGpuRuntime> runtimes) {
    if (!Files.isDirectory(datasetDir)) {
      throw new IllegalArgumentException("phone dataset directory " + datasetDir + " does not exist");
    }
    List<ExportedFile> files = new ArrayList<>();
    List<ConversionReport> conversions = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (MobileGpuRuntime runtime : runtimes) {
      if (!Files.isRegularFile(datasetDir.resolve(runtime.operatorsFile()))) {
        skipped.add(runtime + ": no " + runtime.operatorsFile());
        continue;
      }
      // converted before anything is written: a bad row fails the whole runtime, not half of its files
      MobileGpuDataset data = MobileGpuDataset.load(datasetDir, runtime);
      conversions.add(data.report());
      createDirectories(outDir);
      for (String device : data.devices()) {
        String deviceClass = deviceClass(runtime, device);
        List<LayerLatencySample> samples = data.samples(device).stream()
            .map(s -> s.withDeviceClass(deviceClass)).toList();
        Path file = outDir.resolve(deviceClass + ".jsonl");
        LayerLatencySampleJsonl.write(file, samples);
        files.add(new ExportedFile(runtime.name(), device, deviceClass, file, samples.size(),
            data.report().missingByDevice().getOrDefault(device, 0)));
      }
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no phone operator file in " + datasetDir + " (looked for "
          + String.join(", ", runtimes.stream().map(MobileGpuRuntime::operatorsFile).toList()) + ")");
    }
    return new Result(List.copyOf(files), List.copyOf(conversions), List.copyOf(skipped));
  }

  private static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
  }
}
