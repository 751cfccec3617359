package io.jointcs.cli.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Resident memory of the demo's processes: VmRSS from {@code /proc/PID/status} (Linux), read once or sampled every
 * second in the background, keeping each process' maximum and the highest 1-minute load average seen.
 */
public final class MemorySampler implements AutoCloseable {
  private final Map<String, Long> pids;
  private final Map<String, Long> max = new LinkedHashMap<>(); // guarded by this
  private final Thread thread;
  private volatile boolean closing;
  private double loadMax = Double.NaN; // guarded by this

  private MemorySampler(Map<String, Long> pids) {
    this.pids = Map.copyOf(pids);
    thread = new Thread(this::run, "jointcs-demo-memory");
    thread.setDaemon(true);
  }

  /** Starts sampling {@code name -> pid} every second until {@link #close}. */
  public static MemorySampler start(Map<String, Long> pids) {
    MemorySampler s = new MemorySampler(pids);
    s.thread.start();
    return s;
  }

  /** VmRSS of each process now, in bytes; a process that is gone is left out. */
  public static Map<String, Long> now(Map<String, Long> pids) {
    Map<String, Long> out = new LinkedHashMap<>();
    pids.forEach((name, pid) -> rssBytes(pid).ifPresent(v -> out.put(name, v)));
    return out;
  }

  /** VmRSS of a process, in bytes; empty when it is gone or this is not Linux. */
  public static OptionalLong rssBytes(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.UTF_8)) {
        if (line.startsWith("VmRSS:")) {
          return OptionalLong.of(Long.parseLong(line.substring(6).trim().split("\\s+")[0]) * 1024);
        }
      }
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
    return OptionalLong.empty();
  }

  private void run() {
    while (!closing) {
      Map<String, Long> sample = now(new java.util.TreeMap<>(pids));
      double load = ReactionRun.loadAverage();
      synchronized (this) {
        sample.forEach((k, v) -> max.merge(k, v, Math::max));
        if (Double.isNaN(loadMax) || load > loadMax) {
          loadMax = load;
        }
      }
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  public synchronized Map<String, Long> max() {
    return new LinkedHashMap<>(max);
  }

  public synchronized double loadAverageMax() {
    return loadMax;
  }

  @Override
  public void close() {
    closing = true;
    thread.interrupt();
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
