package io.jointcs.telemetry;

import static io.jointcs.telemetry.TelemetryFixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.jointcs.events.NetworkChange;
import io.jointcs.events.NetworkSample;
import io.jointcs.events.NetworkState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkSmoothingTest {
  private final NetworkSmoothing smoothing = new NetworkSmoothing(0.5, 0.2);

  private static NetworkSample sample(double bytesPerSec, double rttMs) {
    return NetworkSample.newBuilder().setUplinkBandwidthBytesPerSec(bytesPerSec).setRttMs(rttMs)
        .setProbeSizeBytes(0).build();
  }

  @Test
  void smoothsWithTheMovingAverageAndReportsOneChangeWhenTheThresholdIsCrossed() {
    // Given a steady 1 MB/s, 20 ms link
    NetworkTrack track = null;
    List<NetworkChange> changes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      NetworkSmoothing.Step step = smoothing.fold(track, "pi-1", sample(1e6, 20), NOW + i, NOW + i);
      track = step.track();
      step.change().ifPresent(changes::add);
    }
    assertThat(changes).isEmpty();
    assertThat(track.current().getUplinkBandwidthBytesPerSec()).isEqualTo(1e6);

    // When the link drops to 0.5 MB/s: smoothed 0.75 MB/s (-25%) after one sample, then 0.625 MB/s
    NetworkSmoothing.Step first = smoothing.fold(track, "pi-1", sample(0.5e6, 20), NOW + 10, NOW + 10);
    NetworkSmoothing.Step second = smoothing.fold(first.track(), "pi-1", sample(0.5e6, 20), NOW + 11, NOW + 11);

    // Then the first crossing reports the change against the steady state, and the next moves from the new reference
    NetworkState state = first.track().current();
    assertThat(state.getUplinkBandwidthBytesPerSec()).isCloseTo(0.75e6, within(1e-6));
    assertThat(state.getSampleCount()).isEqualTo(4);
    assertThat(state.getSmoothingFactor()).isEqualTo(0.5);
    NetworkChange change = first.change().orElseThrow();
    assertThat(change.getPreviousBandwidthBytesPerSec()).isEqualTo(1e6);
    assertThat(change.getCurrentBandwidthBytesPerSec()).isCloseTo(0.75e6, within(1e-6));
    assertThat(change.getBandwidthChangeRatio()).isCloseTo(-0.25, within(1e-12));
    assertThat(change.getRttChangeRatio()).isZero();
    assertThat(change.getThresholdRatio()).isEqualTo(0.2);
    assertThat(change.getDetectedAtEpochMs()).isEqualTo(NOW + 10);
    // 0.625 is -16.7% from the new reference 0.75: below the threshold, no second event
    assertThat(second.change()).isEmpty();
    assertThat(second.track().reference().getUplinkBandwidthBytesPerSec()).isCloseTo(0.75e6, within(1e-6));
  }

  @Test
  void aSlowDriftIsReportedOnceItAddsUpToTheThreshold() {
    NetworkTrack track = smoothing.fold(null, "pi-1", sample(1e6, 20), NOW, NOW).track();
    int changes = 0;
    // RTT creeps up by 3% per sample: no single step is a change, the sum is
    for (int i = 1; i <= 10; i++) {
      NetworkSmoothing.Step step = smoothing.fold(track, "pi-1", sample(1e6, 20 * Math.pow(1.03, i)), NOW + i,
          NOW + i);
      track = step.track();
      changes += step.change().isPresent() ? 1 : 0;
    }
    assertThat(changes).isEqualTo(1);
  }

  @Test
  void theTrackSurvivesTheStateStoreRoundTrip() {
    NetworkTrack track = smoothing.fold(null, "pi-1", sample(1e6, 20), NOW, NOW).track();
    assertThat(NetworkTrack.fromBytes(track.toBytes())).isEqualTo(track);
  }
}
