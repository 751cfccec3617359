package io.jointcs.latency.profiling;

import ai.djl.engine.Engine;
import io.jointcs.timing.NativeAllocator;

/**
 * Where and how a latency was measured, stored with every measurement so that samples from different machines and
 * configurations are never mixed up silently.
 *
 * @param deviceClass the device class the samples are filed under
 * @param cpuModel CPU model (/proc/cpuinfo)
 * @param onlineCpus logical CPUs of the machine
 * @param availableCpus CPUs the JVM may use (affinity and container limits applied)
 * @param cpusAllowed the process's CPU affinity (/proc/self/status Cpus_allowed_list), null if unknown
 * @param pinned whether that affinity is narrower than the machine (taskset)
 * @param loadAverage 1-minute load average when profiling started (after the JVM warm-up, so the profiler's own
 *     thread counts), -1 if unknown: above the machine's CPU count, other processes compete with the profiled ones
 * @param intraOpThreads intra-op threads PyTorch actually used
 * @param interOpThreads inter-op threads PyTorch actually used
 * @param batchSize images per forward pass
 * @param os operating system name and version
 * @param arch CPU architecture as the JVM names it ({@code amd64}, {@code aarch64})
 * @param engine deep learning engine
 * @param engineVersion engine version (libtorch)
 * @param djlVersion DJL version
 * @param javaVersion JVM version
 * @param emulated true when the configuration imitates another device (e.g. a slowdown factor) instead of being a
 *     real one; the profiler never emulates, so it always writes false
 * @param emulationNote what is real or emulated about the configuration, in words
 */
public record DeviceDescriptor(
    String deviceClass,
    String cpuModel,
    int onlineCpus,
    int availableCpus,
    String cpusAllowed,
    boolean pinned,
    double loadAverage,
    int intraOpThreads,
    int interOpThreads,
    int batchSize,
    String os,
    String arch,
    String engine,
    String engineVersion,
    String djlVersion,
    String javaVersion,
    boolean emulated,
    String emulationNote) {

  public DeviceDescriptor {
    if (deviceClass == null || deviceClass.isBlank()) {
      throw new IllegalArgumentException("device descriptor: deviceClass is missing");
    }
    if (emulationNote == null || emulationNote.isBlank()) {
      throw new IllegalArgumentException("device descriptor of " + deviceClass
          + ": emulationNote must say what is real or emulated");
    }
  }

  /**
   * Whether the load average at the start suggests other work competes for the CPUs: more runnable tasks (the
   * profiler's own thread included) than the machine has CPUs. A coarse, machine-wide, one-minute signal; profiling
   * runs measure contention directly where Linux schedstat is available ({@link ProfileSummary#contended()}).
   * (The former rule, idle CPUs = CPUs this process may use - load < threads, flagged every pinned run: pinned to
   * one CPU, the profiler's own thread alone makes the load 1.)
   */
  public boolean contended() {
    return loadAverage >= 0 && loadAverage > onlineCpus;
  }

  /** This machine running {@code config} with the thread counts the engine reported. */
  public static DeviceDescriptor capture(DeviceClassConfig config, ThreadSettings threads) {
    HostInfo host = HostInfo.read();
    Engine engine = Engine.getEngine(EngineThreads.ENGINE);
    String note = "real configuration on this machine, nothing emulated: " + threads.intraOp() + " intra-op / "
        + threads.interOp() + " inter-op PyTorch thread(s), batch " + config.batchSize() + ", "
        + (host.pinned() ? "pinned to CPUs " + host.cpusAllowed() : "not pinned")
        + (NativeAllocator.state() == null ? "" : ", " + NativeAllocator.state());
    return new DeviceDescriptor(config.name(), host.cpuModel(), host.onlineCpus(),
        Runtime.getRuntime().availableProcessors(), host.cpusAllowed(), host.pinned(), host.loadAverage(),
        threads.intraOp(),
        threads.interOp(), config.batchSize(), System.getProperty("os.name") + " " + System.getProperty("os.version"),
        System.getProperty("os.arch"), engine.getEngineName(), engine.getVersion(), Engine.getDjlVersion(),
        Runtime.version().toString(), false, note);
  }
}
