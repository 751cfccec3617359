package io.jointcs.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/** What Linux says about a process and the machine: resident memory, CPU time, load average. */
public final class Proc {
  /** Clock ticks per second of /proc/PID/stat times (USER_HZ; 100 on every Linux this runs on). */
  static final double TICKS_PER_SECOND = 100.0;

  private Proc() {}

  /** VmRSS of a process, in bytes; empty when it is gone or this is not Linux. */
  public static OptionalLong rssBytes(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.UTF_8)) {
        if (line.startsWith("VmRSS:")) {
          String[] parts = line.substring(6).trim().split("\\s+");
          return OptionalLong.of(Long.parseLong(parts[0]) * 1024);
        }
      }
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
    return OptionalLong.empty();
  }

  /** User + system CPU time of a process so far, in seconds. */
  public static OptionalDouble cpuSeconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
      // the command name (field 2) may hold spaces; fields after its closing parenthesis are fixed
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return OptionalDouble.of((Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND);
    } catch (IOException | RuntimeException e) {
      return OptionalDouble.empty();
    }
  }

  /** The 1-minute load average. */
  public static OptionalDouble loadAverage1m() {
    try {
      return OptionalDouble.of(Double.parseDouble(
          Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).split(" ")[0]));
    } catch (IOException | RuntimeException e) {
      return OptionalDouble.empty();
    }
  }

  /** Whole-machine busy CPU time (all cores, everything but idle and iowait), in seconds. */
  public static OptionalDouble machineBusySeconds() {
    try {
      String cpu = Files.readAllLines(Path.of("/proc/stat"), StandardCharsets.US_ASCII).get(0);
      String[] f = cpu.trim().split("\\s+");
      long busy = 0;
      for (int i = 1; i < f.length && i <= 8; i++) {
        if (i != 4 && i != 5) {
          busy += Long.parseLong(f[i]);
        }
      }
      return OptionalDouble.of(busy / TICKS_PER_SECOND);
    } catch (IOException | RuntimeException e) {
      return OptionalDouble.empty();
    }
  }

  public static int cores() {
    return Runtime.getRuntime().availableProcessors();
  }
}
