package io.jointcs.latency.profiling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DeviceSettingsTest {

  @Test
  void presetNamesTakeTheirSettingsAndRefuseContradictions() {
    assertThat(DeviceClassConfig.resolve("cpu-2t", null, null, null)).isEqualTo(DeviceClassConfig.CPU_2T);
    assertThat(DeviceClassConfig.resolve("cpu-1t-b8", 1, null, 8)).isEqualTo(DeviceClassConfig.CPU_1T_B8);
    assertThatThrownBy(() -> DeviceClassConfig.resolve("cpu-2t", 1, null, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cpu-2t means intra-op threads = 2");
  }

  @Test
  void otherNamesTakeExplicitSettingsOrOne() {
    assertThat(DeviceClassConfig.resolve("rpi4-4t", 4, null, 2))
        .isEqualTo(new DeviceClassConfig("rpi4-4t", 4, 1, 2));
    assertThatThrownBy(() -> new DeviceClassConfig("CPU 1t", 1, 1, 1)).hasMessageContaining("device class name");
    assertThatThrownBy(() -> new DeviceClassConfig("x", 0, 1, 1)).hasMessageContaining("threads must be >= 1");
    assertThatThrownBy(() -> new DeviceClassConfig("x", 1, 1, 0)).hasMessageContaining("batch size");
  }

  @Test
  void hostInfoParsesX86AndArmCpuinfoAndTheAffinity() {
    String x86 = "processor\t: 0\nmodel name\t: Intel(R) Xeon(R) Processor\n\nprocessor\t: 1\n"
        + "model name\t: Intel(R) Xeon(R) Processor\n";
    String pi = "processor\t: 0\nBogoMIPS\t: 108.00\nCPU implementer\t: 0x41\nCPU part\t: 0xd08\n\n"
        + "processor\t: 1\n\nHardware\t: BCM2835\nModel\t\t: Raspberry Pi 4 Model B Rev 1.4\n";
    String bare = "processor\t: 0\nCPU implementer\t: 0x41\nCPU part\t: 0xd0b\n";

    assertThat(HostInfo.cpuModel(x86)).isEqualTo("Intel(R) Xeon(R) Processor");
    assertThat(HostInfo.processorCount(x86)).isEqualTo(2);
    assertThat(HostInfo.cpuModel(pi)).isEqualTo("Raspberry Pi 4 Model B Rev 1.4");
    assertThat(HostInfo.cpuModel(bare)).isEqualTo("Arm CPU implementer 0x41 part 0xd0b");
    assertThat(HostInfo.cpuModel("")).isEqualTo("unknown");
    assertThat(HostInfo.cpusAllowedList("Name:\tjava\nCpus_allowed:\t3\nCpus_allowed_list:\t0-1\n")).isEqualTo("0-1");
    assertThat(HostInfo.countCpus("0-3,6,8-9")).isEqualTo(7);
    assertThat(new HostInfo("c", 4, "2", 1, 0.1).pinned()).isTrue();
    assertThat(new HostInfo("c", 4, "0-3", 4, 0.1).pinned()).isFalse();
    assertThat(HostInfo.loadAverage("1.52 0.98 0.40 2/345 6789\n")).isEqualTo(1.52);
    assertThat(HostInfo.loadAverage("")).isEqualTo(-1);
  }

  @Test
  void theLoadAverageSuggestsContentionWhenMoreTasksRunThanTheMachineHasCpus() {
    assertThat(device(2, 0.2, 1).contended()).isFalse();
    // the profiler's own thread makes the load ~1: on 2 CPUs that leaves one idle
    assertThat(device(2, 1.5, 1).contended()).isFalse();
    assertThat(device(2, 2.6, 1).contended()).isTrue();
    assertThat(device(4, -1, 4).contended()).isFalse();
    // pinned to one CPU of two (taskset -c 1), the own thread alone is no contention (the former rule said it was)
    DeviceDescriptor pinned = new DeviceDescriptor("d", "c", 2, 1, "1", true, 1.05, 1, 1, 1, "os", "arch", "PyTorch",
        "v", "v", "17", false, "real");
    assertThat(pinned.contended()).isFalse();
  }

  private static DeviceDescriptor device(int cpus, double load, int threads) {
    return new DeviceDescriptor("d", "c", cpus, cpus, null, false, load, threads, 1, 1, "os", "arch", "PyTorch", "v",
        "v", "17", false, "real");
  }

  @Test
  void anEmulatedDescriptorMustSayWhatIsEmulated() {
    assertThatThrownBy(() -> new DeviceDescriptor("cpu-slow", "c", 1, 1, null, false, -1, 1, 1, 1, "os", "arch",
        "PyTorch", "v", "v", "17", true, " ")).hasMessageContaining("emulationNote");
  }
}
