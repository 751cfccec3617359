package io.jointcs.latency.profiling;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointcs.model.Architecture;
import io.jointcs.model.LayerDescriptor;
import io.jointcs.timing.NativeAllocator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProfilerAllocatorTest {

  @AfterEach
  void restoreTestThreads() {
    EngineThreads.apply(1, 1);
  }

  @Test
  void onceProfilingStartsInterleavedLayersNoLongerFaultTheirOutputsBackIn() {
    // 48 sampled configurations of every architecture at batch 8, timed interleaved as the profile command times
    // them (720 timed runs a pass). With glibc's adaptive thresholds the heap was trimmed and faulted in again
    // between runs: 8,000-15,000 minor faults in every pass after the first; with them fixed, 0-1,700 (the blocks
    // and inputs each pass builds included)
    List<LayerDescriptor> layers = new LayerConfigSampler(new SamplerConfig(List.of(Architecture.values()), 10, 16,
        400, 0.25, 42)).sample().layers().subList(0, 48);
    Profiler profiler = new Profiler(CleanRunTimer.standard().interleaved(5, 2), 7, 500);
    for (int pass = 0; pass < 2; pass++) {
      profiler.profileLayers(layers, DeviceClassConfig.CPU_1T_B8, null);
    }
    // glibc (Linux, as on the project's machines and images) has mallopt; elsewhere the state says there is none
    assertThat(NativeAllocator.state()).startsWith("glibc thresholds fixed");

    assertThat(HostInfo.minorFaultsOfCurrentThread()).as("this thread's fault count (Linux /proc)").isNotNegative();
    long fewest = Long.MAX_VALUE;
    for (int pass = 0; pass < 2; pass++) {
      long before = HostInfo.minorFaultsOfCurrentThread();
      profiler.profileLayers(layers, DeviceClassConfig.CPU_1T_B8, null);
      fewest = Math.min(fewest, HostInfo.minorFaultsOfCurrentThread() - before);
    }

    int runs = layers.size() * 5 * 3;
    assertThat(fewest).as("minor page faults of the quieter of two passes of %d runs", runs).isLessThan(5L * runs);
  }
}
