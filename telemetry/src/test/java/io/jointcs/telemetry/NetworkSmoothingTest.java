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

  @Test
  void aLastingStepMovesTheStateOnceItsSecondSampleAgreesButOneOutlierDoesNot() {
    NetworkSmoothing steps = new NetworkSmoothing(0.3, 0.2, 2);
    NetworkTrack track = null;
    for (int i = 0; i < 5; i++) {
      track = steps.fold(track, "pi-1", sample(6.25e6, 5), NOW + i, NOW + i).track();
    }
    // Given one outlier (a probe disturbed by a pause) between steady samples
    NetworkSmoothing.Step outlier = steps.fold(track, "pi-1", sample(0.25e6, 5), NOW + 10, NOW + 10);
    NetworkSmoothing.Step back = steps.fold(outlier.track(), "pi-1", sample(6.25e6, 5), NOW + 11, NOW + 11);
    // Then only the moving average saw it: the next sample disagrees with it and starts a run of its own
    assertThat(outlier.track().current().getUplinkBandwidthBytesPerSec())
        .isCloseTo(0.3 * 0.25e6 + 0.7 * 6.25e6, within(1e-3));
    assertThat(outlier.track().pending().getSampleCount()).isEqualTo(1);
    assertThat(back.track().pending().getUplinkBandwidthBytesPerSec()).isEqualTo(6.25e6);
    assertThat(back.track().pending().getSampleCount()).isEqualTo(1);
    assertThat(back.track().current().getUplinkBandwidthBytesPerSec()).isGreaterThan(4e6);

    // When the link drops to 2 Mbit/s and stays there
    NetworkSmoothing.Step first = steps.fold(back.track(), "pi-1", sample(0.25e6, 5), NOW + 20, NOW + 20);
    NetworkSmoothing.Step second = steps.fold(first.track(), "pi-1", sample(0.26e6, 5.2), NOW + 21, NOW + 21);

    // Then the second agreeing sample moves the state to the mean of both and reports the change against the
    // reference, where the moving average alone would still be far above the new level
    assertThat(second.track().current().getUplinkBandwidthBytesPerSec()).isCloseTo(0.255e6, within(1e-3));
    assertThat(second.track().current().getRttMs()).isCloseTo(5.1, within(1e-9));
    assertThat(second.track().pending()).isNull();
    NetworkChange change = second.change().orElseThrow();
    assertThat(change.getCurrentBandwidthBytesPerSec()).isCloseTo(0.255e6, within(1e-3));
    assertThat(second.track().reference()).isEqualTo(second.track().current());
    NetworkTrack averageOnly = new NetworkSmoothing(0.3, 0.2).fold(first.track(), "pi-1", sample(0.26e6, 5.2),
        NOW + 21, NOW + 21).track();
    assertThat(averageOnly.current().getUplinkBandwidthBytesPerSec()).isGreaterThan(2e6);
  }

  @Test
  void twoDepartingSamplesThatDisagreeAreNoStep() {
    NetworkSmoothing steps = new NetworkSmoothing(0.5, 0.2, 2);
    NetworkTrack track = steps.fold(null, "pi-1", sample(1e6, 20), NOW, NOW).track();
    NetworkSmoothing.Step low = steps.fold(track, "pi-1", sample(0.3e6, 20), NOW + 1, NOW + 1);
    NetworkSmoothing.Step high = steps.fold(low.track(), "pi-1", sample(3e6, 20), NOW + 2, NOW + 2);
    // 0.65 MB/s after the low one; 3 MB/s departs from it but not in agreement with 0.3: a new run of one
    assertThat(high.track().current().getUplinkBandwidthBytesPerSec()).isCloseTo(0.5 * 3e6 + 0.5 * 0.65e6,
        within(1e-3));
    assertThat(high.track().pending().getSampleCount()).isEqualTo(1);
    assertThat(high.track().pending().getUplinkBandwidthBytesPerSec()).isEqualTo(3e6);
  }

  @Test
  void aPendingRunSurvivesTheStateStoreRoundTripAndOldTracksStillRead() {
    NetworkSmoothing steps = new NetworkSmoothing(0.5, 0.2, 3);
    NetworkTrack track = steps.fold(null, "pi-1", sample(1e6, 20), NOW, NOW).track();
    NetworkTrack withRun = steps.fold(track, "pi-1", sample(0.2e6, 20), NOW + 1, NOW + 1).track();
    assertThat(withRun.pending()).isNotNull();
    assertThat(NetworkTrack.fromBytes(withRun.toBytes())).isEqualTo(withRun);
    assertThat(NetworkTrack.fromBytes(new NetworkTrack(track.current(), track.reference()).toBytes())).isEqualTo(track);
  }

  @Test
  void oneSampleIsNoStep() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new NetworkSmoothing(0.3, 0.2, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outlier");
  }
}
