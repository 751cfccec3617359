package io.jointcs.latency.profiling;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A device class as a real configuration of the machine the profiler runs on: how many PyTorch threads run a
 * forward pass and how many images it carries. Nothing is emulated: two classes on one machine differ only in
 * settings a real device could use too, so the same configuration runs unchanged on a Raspberry Pi.
 *
 * @param name device class the samples are filed under, e.g. {@code cpu-1t}
 * @param intraOpThreads PyTorch intra-op threads (torch.set_num_threads)
 * @param interOpThreads PyTorch inter-op threads (torch.set_num_interop_threads); fixed once the engine started
 * @param batchSize images per forward pass
 */
public record DeviceClassConfig(String name, int intraOpThreads, int interOpThreads, int batchSize) {

  /** Names end up in file names, topic keys and predictor ids: keep them to one safe token. */
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  public static final DeviceClassConfig CPU_1T = new DeviceClassConfig("cpu-1t", 1, 1, 1);
  public static final DeviceClassConfig CPU_2T = new DeviceClassConfig("cpu-2t", 2, 1, 1);
  public static final DeviceClassConfig CPU_1T_B8 = new DeviceClassConfig("cpu-1t-b8", 1, 1, 8);

  /** The device classes this project profiles on one machine. */
  public static final List<DeviceClassConfig> PRESETS = List.of(CPU_1T, CPU_2T, CPU_1T_B8);

  public DeviceClassConfig {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("device class name '" + name
          + "' must be 1-64 characters of a-z, 0-9, '.', '_', '-' (lower case, starting with a letter or digit)");
    }
    if (intraOpThreads < 1 || interOpThreads < 1) {
      throw new IllegalArgumentException("device class " + name + ": threads must be >= 1, got intra-op "
          + intraOpThreads + ", inter-op " + interOpThreads);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("device class " + name + ": batch size must be >= 1, got " + batchSize);
    }
  }

  /** The preset of that name, if there is one. */
  public static Optional<DeviceClassConfig> preset(String name) {
    String wanted = name.trim().toLowerCase(Locale.ROOT);
    return PRESETS.stream().filter(p -> p.name.equals(wanted)).findFirst();
  }

  /**
   * The configuration for a name and optional explicit settings: a preset name takes its preset's settings, and
   * explicit settings that contradict them are an error (samples labelled cpu-2t must come from 2 threads); any
   * other name takes the explicit settings, 1 where none is given.
   */
  public static DeviceClassConfig resolve(String name, Integer intraOpThreads, Integer interOpThreads,
      Integer batchSize) {
    Optional<DeviceClassConfig> preset = preset(name);
    if (preset.isEmpty()) {
      return new DeviceClassConfig(name, orOne(intraOpThreads), orOne(interOpThreads), orOne(batchSize));
    }
    DeviceClassConfig p = preset.get();
    conflict(p, "intra-op threads", p.intraOpThreads, intraOpThreads);
    conflict(p, "inter-op threads", p.interOpThreads, interOpThreads);
    conflict(p, "batch size", p.batchSize, batchSize);
    return p;
  }

  private static int orOne(Integer value) {
    return value == null ? 1 : value;
  }

  private static void conflict(DeviceClassConfig preset, String what, int presetValue, Integer given) {
    if (given != null && given != presetValue) {
      throw new IllegalArgumentException("device class " + preset.name + " means " + what + " = " + presetValue
          + ", but " + given + " was given; use another device class name for another configuration (presets: "
          + PRESETS.stream().map(DeviceClassConfig::toString).collect(Collectors.joining("; ")) + ")");
    }
  }

  @Override
  public String toString() {
    return name + " (" + intraOpThreads + " intra-op, " + interOpThreads + " inter-op thread(s), batch " + batchSize
        + ")";
  }
}
