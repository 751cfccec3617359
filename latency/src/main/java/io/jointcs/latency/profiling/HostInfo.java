package io.jointcs.latency.profiling;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What the profiler records about the machine: CPU model, online CPUs and the CPUs this process may run on (a
 * taskset pinning shows up there). Read from /proc on Linux; elsewhere the fields say unknown.
 *
 * @param cpuModel CPU model name, e.g. {@code Intel(R) Xeon(R) Processor} or {@code Raspberry Pi 4 Model B}
 * @param onlineCpus logical CPUs of the machine
 * @param cpusAllowed the process's CPU affinity as /proc/self/status writes it ({@code 0-3}); null if unknown
 * @param allowedCpuCount CPUs in {@code cpusAllowed}; {@code onlineCpus} if unknown
 * @param loadAverage 1-minute load average (/proc/loadavg), -1 if unknown: other work competing for the CPUs
 */
public record HostInfo(String cpuModel, int onlineCpus, String cpusAllowed, int allowedCpuCount,
    double loadAverage) {

  /** /proc/cpuinfo keys naming the CPU, best first: x86 has "model name", Arm boards "Model" or "Hardware". */
  private static final List<String> MODEL_KEYS = List.of("model name", "Model", "Hardware", "Processor", "cpu model");

  /** Reads this machine. */
  public static HostInfo read() {
    String cpuinfo = readOrEmpty(Path.of("/proc/cpuinfo"));
    String status = readOrEmpty(Path.of("/proc/self/status"));
    int online = processorCount(cpuinfo);
    if (online < 1) {
      online = Runtime.getRuntime().availableProcessors();
    }
    String allowed = cpusAllowedList(status);
    int allowedCount = allowed == null ? online : countCpus(allowed);
    return new HostInfo(cpuModel(cpuinfo), online, allowed, allowedCount,
        loadAverage(readOrEmpty(Path.of("/proc/loadavg"))));
  }

  /**
   * Minor page faults of the calling thread so far (/proc/thread-self/stat, field 10); -1 where that file does not
   * exist. Differences between two reads count the faults of what ran in between on this thread.
   */
  public static long minorFaultsOfCurrentThread() {
    String stat = readOrEmpty(Path.of("/proc/thread-self/stat"));
    int end = stat.lastIndexOf(')');
    if (end < 0) {
      return -1;
    }
    String[] fields = stat.substring(end + 2).split(" ");
    return fields.length > 7 ? Long.parseLong(fields[7]) : -1;
  }

  /** Whether the process is restricted to fewer CPUs than the machine has (e.g. by taskset). */
  public boolean pinned() {
    return cpusAllowed != null && allowedCpuCount < onlineCpus;
  }

  static String cpuModel(String cpuinfo) {
    for (String key : MODEL_KEYS) {
      String value = field(cpuinfo, key);
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    String part = field(cpuinfo, "CPU part");
    return part != null ? "Arm CPU implementer " + field(cpuinfo, "CPU implementer") + " part " + part : "unknown";
  }

  static int processorCount(String cpuinfo) {
    return (int) cpuinfo.lines().filter(l -> l.startsWith("processor") && l.contains(":")).count();
  }

  /** The first field of /proc/loadavg, -1 when absent. */
  static double loadAverage(String loadavg) {
    String[] fields = loadavg.trim().split("\\s+");
    try {
      return fields[0].isEmpty() ? -1 : Double.parseDouble(fields[0]);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  static String cpusAllowedList(String status) {
    return field(status, "Cpus_allowed_list");
  }

  /** Counts the CPUs of a Linux CPU list such as {@code 0-3,6,8-9}. */
  static int countCpus(String list) {
    int count = 0;
    for (String part : list.trim().split(",")) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      int dash = p.indexOf('-');
      try {
        count += dash < 0 ? 1 : Integer.parseInt(p.substring(dash + 1)) - Integer.parseInt(p.substring(0, dash)) + 1;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a CPU list: '" + list + "'", e);
      }
    }
    return count;
  }

  /** The value of the first "key : value" line whose key is exactly {@code key}. */
  private static String field(String text, String key) {
    return text.lines()
        .filter(l -> l.indexOf(':') > 0 && l.substring(0, l.indexOf(':')).trim().equals(key))
        .map(l -> l.substring(l.indexOf(':') + 1).trim())
        .findFirst().orElse(null);
  }

  private static String readOrEmpty(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      return "";
    }
  }
}
