package io.jointcs.cli;

import io.jointcs.latency.prediction.PredictorKind;
import io.jointcs.latency.profiling.DeviceClassConfig;
import io.jointcs.search.LatencyGoal;
import io.jointcs.search.NetworkLink;
import io.jointcs.splitinference.LinkUnits;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.Option;

/** What a search optimizes for: device classes, uplinks, the latency goal, and where the latency predictors come from. */
final class SearchTargetOptions {
  @Option(names = "--device", split = ",", defaultValue = "cpu-1t,cpu-1t-b8",
      description = "device classes (presets: cpu-1t, cpu-2t, cpu-1t-b8) (default: ${DEFAULT-VALUE})")
  List<String> devices;

  @Option(names = "--link", split = ",", defaultValue = "1mbit:20ms,10mbit:20ms,50mbit:20ms",
      description = "uplinks as BANDWIDTH:RTT, e.g. 10mbit:20ms (default: ${DEFAULT-VALUE})")
  List<String> links;

  @Option(names = "--device-slowdown", defaultValue = "15", description = "EMULATED device: the device class's "
      + "compute stretched by this factor (predicted and measured), the edge runs it as it is; 1 = no emulation "
      + "(default: ${DEFAULT-VALUE})")
  double deviceSlowdown;

  @Option(names = "--goal", defaultValue = "0.6x", description = "latency goal of every target: a fraction of the "
      + "segmentation-only latency (e.g. 0.6x) or milliseconds (e.g. 40ms) (default: ${DEFAULT-VALUE})")
  String goal;

  @Option(names = "--predictor", description = "serialized latency predictor (JCLP file), one per device class; "
      + "repeatable")
  List<Path> predictorFiles;

  @Option(names = "--profile", description = "time the architecture's layers on this machine for every device class "
      + "and fit the predictors here (instead of --predictor)")
  boolean profile;

  @Option(names = "--profile-models", defaultValue = "4",
      description = "random pruned models timed per device class with --profile, besides the base (default: "
          + "${DEFAULT-VALUE})")
  int profileModels;

  @Option(names = "--predictor-kind", defaultValue = "GRADIENT_BOOSTED_TREES",
      description = "predictor fitted with --profile: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
  PredictorKind predictorKind;

  List<DeviceClassConfig> deviceClasses() {
    List<DeviceClassConfig> out = new ArrayList<>();
    for (String name : devices) {
      DeviceClassConfig config = DeviceClassConfig.preset(name).orElseThrow(() -> new IllegalArgumentException(
          "unknown device class '" + name + "'; known: " + DeviceClassConfig.PRESETS.stream()
              .map(DeviceClassConfig::name).collect(Collectors.joining(", "))));
      if (out.contains(config)) {
        throw new IllegalArgumentException("device class '" + name + "' is given twice");
      }
      out.add(config);
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("--device needs at least one device class");
    }
    return out;
  }

  List<NetworkLink> networkLinks() {
    List<NetworkLink> out = new ArrayList<>();
    HashSet<String> names = new HashSet<>();
    for (String text : links) {
      String[] parts = text.trim().split(":");
      if (parts.length != 2) {
        throw new IllegalArgumentException("--link '" + text + "' must be BANDWIDTH:RTT, e.g. 10mbit:20ms");
      }
      double bytesPerSec;
      double rttMs;
      try {
        bytesPerSec = LinkUnits.parseBandwidthBytesPerSec(parts[0]);
        rttMs = LinkUnits.parseDurationMs(parts[1]);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--link '" + text + "': " + e.getMessage(), e);
      }
      String name = text.trim().toLowerCase(Locale.ROOT);
      if (!names.add(name)) {
        throw new IllegalArgumentException("link '" + text + "' is given twice");
      }
      out.add(new NetworkLink(name, bytesPerSec, rttMs));
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("--link needs at least one uplink");
    }
    return out;
  }

  LatencyGoal latencyGoal() {
    String text = goal.trim().toLowerCase(Locale.ROOT);
    try {
      if (text.endsWith("x")) {
        return LatencyGoal.fractionOfSegmentationOnly(Double.parseDouble(text.substring(0, text.length() - 1)));
      }
      if (text.endsWith("ms")) {
        return LatencyGoal.absoluteMs(Double.parseDouble(text.substring(0, text.length() - 2)));
      }
    } catch (NumberFormatException e) {
      // falls through to the message below
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--goal '" + goal + "': " + e.getMessage(), e);
    }
    throw new IllegalArgumentException("--goal '" + goal + "' must be a fraction of the segmentation-only latency "
        + "such as 0.6x, or milliseconds such as 40ms");
  }

  void checkSlowdown() {
    if (!Double.isFinite(deviceSlowdown) || deviceSlowdown < 1) {
      throw new IllegalArgumentException("--device-slowdown must be >= 1, got " + deviceSlowdown);
    }
  }
}
