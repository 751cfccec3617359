package io.jointcs.agent;

import io.jointcs.events.DeviceDescriptor;
import io.jointcs.events.HardwareDescription;
import io.jointcs.events.RuntimeDescription;
import java.lang.management.ManagementFactory;

/**
 * Who the device is, as events carry it: the host the profiler described (CPU, cores, OS, engine, threads) plus the
 * device id, and whether its compute is emulated. Only an emulated slower device ({@code --emulated-slowdown})
 * makes the descriptor say emulated: its layer, head and whole-model latencies are not a real device's. A shaped
 * uplink (start option or admin {@code POST /link}) does not: it changes no compute number, and the samples it does
 * change say so themselves ({@code NetworkSample.measurementMethod} and a SPLIT sample's
 * {@code networkMeasurementMethod} are SHAPED_EMULATION), so a real CPU behind an emulated link still trains its
 * class's predictor with real measurements.
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

  /** The descriptor every event of this device carries: emulated only when the compute is. */
  DeviceDescriptor describe() {
    boolean emulated = host.emulated();
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
        .setEmulationNote(emulated ? host.emulationNote() : null)
        .build();
  }

  private static long physicalMemoryBytes() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getTotalMemorySize();
    }
    return Runtime.getRuntime().maxMemory(); // a JVM without the extension: the heap limit is the best we know
  }
}
