package io.jointcs.agent;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import io.jointcs.splitinference.EdgeServer;
import io.jointcs.splitinference.LinkEmulation;
import io.jointcs.splitinference.ServedTail;
import org.junit.jupiter.api.Test;

/** Probes through the emulated link to a real (in-process) edge server recover the link's settings. */
class NetworkProberTest {
  @Test
  void probesMeasureTheEmulatedRateAndRtt() throws Exception {
    try (NDManager manager = NDManager.newBaseManager();
        ServedTail tail = ServedTail.of(TestArtifacts.full(), 3, manager, "test model");
        EdgeServer edge = EdgeServer.start(tail, EdgeServer.Options.loopback(0))) {
      // Given an emulated 4 Mbit/s uplink with 10 ms rtt
      LinkEmulation link = new LinkEmulation(LinkControl.mbpsToBytesPerSec(4), 10);
      // When the prober measures it with 64 KiB probes
      UplinkMeasurement m = new NetworkProber(65_536, 3).measure(edge.localAddress(), link).orElseThrow();
      // Then bandwidth and rtt come out near the settings (the shaper is exact; the loopback adds little)
      assertThat(m.uplinkBandwidthBytesPerSec()).isBetween(0.8 * 500_000, 1.1 * 500_000);
      assertThat(m.rttMs()).isBetween(9.0, 25.0);
      assertThat(m.probeSizeBytes()).isEqualTo(65_536 + 16);
      // and the model never ran for a probe
      assertThat(edge.requestsServed()).isZero();
    }
  }
}
