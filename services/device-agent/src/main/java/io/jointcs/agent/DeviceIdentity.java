package io.jointcs.agent;

import io.jointcs.events.DeviceDescriptor;
import io.jointcs.events.HardwareDescription;
import io.jointcs.events.RuntimeDescription;
import io.jointcs.splitinference.LinkEmulation;
import java.lang.management.ManagementFactory;

/**
 * Who the device is, as events carry it: the host the profiler described (CPU, cores, OS, engine, threads) plus the
 * device id, and whether anything is emulated. The compute is always real; the uplink is EMULATED when the agent
 * shapes it or adds delay, and then the descriptor says so (emulated = true, with the rate in the note), because
 * the network and end-to-end samples of this device are those of the emulation.
 */
final class DeviceIdentity {
  private final String deviceId;
  private final io.jointcs.latency.profiling.DeviceDescriptor host;
  private final long memoryBytes;

  /**
   * @param host this machine under the device class's configuration, as {@code Profiler.prepare} captured it
   */
  DeviceIdentity(String deviceId, io.jointcs.latency.profiling.DeviceDescriptor host, long memoryBytes) {
    this.deviceId = deviceId;
    this.host = host;
    this.memoryBytes = memoryBytes;
  }

  DeviceIdentity(String deviceId, io.jointcs.latency.profiling.DeviceDescriptor host) {
    this(deviceId, host, physicalMemoryBytes());
  }

  /**
   * The host descriptor of a device that EMULATES a slower one by stretching its compute {@code factor} times; the
   * descriptor itself when factor is 1.
   */
  static io.jointcs.latency.profiling.DeviceDescriptor slowedDown(io.jointcs.latency.profiling.DeviceDescriptor h,
      double factor) {
    if (factor <= 1) {
      return h;
    }
    String note = String.format(java.util.Locale.ROOT, "EMULATED slower device: this CPU's compute stretched x%.3g "
        + "(profiled layer latencies scaled, the head sleeps after its compute); %s", factor, h.emulationNote());
    return new io.jointcs.latency.profiling.DeviceDescriptor(h.deviceClass(), h.cpuModel(), h.onlineCpus(),
        h.availableCpus(), h.cpusAllowed(), h.pinned(), h.loadAverage(), h.intraOpThreads(), h.interOpThreads(),
        h.batchSize(), h.os(), h.arch(), h.engine(), h.engineVersion(), h.djlVersion(), h.javaVersion(), true, note);
  }

  String deviceId() {
    return deviceId;
  }

  String deviceClass() {
    return host.deviceClass();
  }

  io.jointcs.latency.profiling.DeviceDescriptor host() {
    return host;
  }

  /** The descriptor for events measured while {@code link} is the uplink. */
  DeviceDescriptor describe(LinkEmulation link) {
    boolean emulated = host.emulated() || LinkControl.emulated(link);
    String note = null;
    if (emulated) {
      // say what is emulated and what is real, so nobody mistakes these numbers for a real device's
      note = (LinkControl.emulated(link) ? LinkControl.describe(link) + "; " : "")
          + "compute: " + host.emulationNote();
    }
    return DeviceDescriptor.newBuilder()
        .setDeviceId(deviceId)
        .setDeviceClass(host.deviceClass())
        .setHardware(HardwareDescription.newBuilder()
            .setCpuModel(host.cpuModel())
            .setCpuCores(host.availableCpus())
            .setArch(host.arch())
            .setOs(host.os())
            .setMemoryBytes(memoryBytes)
            .build())
        .setRuntime(RuntimeDescription.newBuilder()
            .setEngine(host.engine())
            .setEngineVersion(host.engineVersion())
            .setThreads(host.intraOpThreads())
            .build())
        .setEmulated(emulated)
        .setEmulationNote(note)
        .build();
  }

  private static long physicalMemoryBytes() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getTotalMemorySize();
    }
    return Runtime.getRuntime().maxMemory(); // a JVM without the extension: the heap limit is the best we know
  }
}
