package io.jointcs.testsupport;

import io.jointcs.events.DeviceDescriptor;
import io.jointcs.events.DeviceRegistration;
import io.jointcs.events.HardwareDescription;
import io.jointcs.events.RuntimeDescription;
import java.util.Map;

/** Devices the way a test plays a device agent. */
public final class DeviceFixtures {
  private DeviceFixtures() {}

  /** The registration an emulated 4-core x86_64 Linux device with a one-thread PyTorch runtime publishes. */
  public static DeviceRegistration registration(String deviceId, String deviceClass) {
    return DeviceRegistration.newBuilder()
        .setDevice(DeviceDescriptor.newBuilder().setDeviceId(deviceId).setDeviceClass(deviceClass)
            .setHardware(HardwareDescription.newBuilder().setCpuModel("test").setCpuCores(4).setArch("x86_64")
                .setOs("Linux").setMemoryBytes(1L << 30).build())
            .setRuntime(RuntimeDescription.newBuilder().setEngine("PyTorch").setEngineVersion("2.7.1").setThreads(1)
                .build())
            .setEmulated(true).setEmulationNote("test device").build())
        .setAgentVersion("test").setRegisteredAtEpochMs(System.currentTimeMillis()).setLabels(Map.of()).build();
  }
}
