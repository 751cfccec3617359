package io.jointcs.telemetry;

import io.jointcs.events.NetworkChange;
import io.jointcs.events.NetworkSample;
import io.jointcs.events.NetworkState;
import java.util.Optional;

/**
 * Smooths a device's network samples into its {@link NetworkState} (exponentially weighted moving average of
 * bandwidth and round-trip time) and reports a {@link NetworkChange} when the smoothed state has moved by more
 * than the threshold, relative to the state the previous change was reported against. Stateless: the caller
 * keeps the {@link NetworkTrack} of each device.
 *
 * @param alpha weight of the newest sample, in (0, 1]. Unit: ratio.
 * @param thresholdRatio relative change of bandwidth or RTT that is reported, > 0. Unit: ratio.
 */
public record NetworkSmoothing(double alpha, double thresholdRatio) {

  public NetworkSmoothing {
    if (!(alpha > 0 && alpha <= 1)) {
      throw new IllegalArgumentException("smoothing factor alpha must be in (0, 1], got " + alpha);
    }
    if (!(thresholdRatio > 0) || !Double.isFinite(thresholdRatio)) {
      throw new IllegalArgumentException("network change threshold must be finite and > 0, got " + thresholdRatio);
    }
  }

  /** The track after one more sample, and the change to report, if any. */
  public record Step(NetworkTrack track, Optional<NetworkChange> change) {}

  /**
   * @param track the device's track so far, or null for its first sample
   * @param measuredAtEpochMs device clock of the sample
   * @param nowEpochMs platform clock, stamped on a change event
   */
  public Step fold(NetworkTrack track, String deviceId, NetworkSample sample, long measuredAtEpochMs,
      long nowEpochMs) {
    double bandwidth = sample.getUplinkBandwidthBytesPerSec();
    double rtt = sample.getRttMs();
    if (track == null) {
      NetworkState first = state(deviceId, bandwidth, rtt, 1, measuredAtEpochMs);
      return new Step(new NetworkTrack(first, first), Optional.empty());
    }
    NetworkState before = track.current();
    NetworkState now = state(deviceId,
        alpha * bandwidth + (1 - alpha) * before.getUplinkBandwidthBytesPerSec(),
        alpha * rtt + (1 - alpha) * before.getRttMs(),
        before.getSampleCount() + 1,
        // samples can arrive out of order: the state is as new as the newest sample in it
        Math.max(measuredAtEpochMs, before.getUpdatedAtEpochMs()));
    NetworkState reference = track.reference();
    double bandwidthRatio = ratio(now.getUplinkBandwidthBytesPerSec(), reference.getUplinkBandwidthBytesPerSec());
    double rttRatio = ratio(now.getRttMs(), reference.getRttMs());
    if (Math.abs(bandwidthRatio) > thresholdRatio || Math.abs(rttRatio) > thresholdRatio) {
      NetworkChange change = NetworkChange.newBuilder()
          .setDeviceId(deviceId)
          .setPreviousBandwidthBytesPerSec(reference.getUplinkBandwidthBytesPerSec())
          .setCurrentBandwidthBytesPerSec(now.getUplinkBandwidthBytesPerSec())
          .setPreviousRttMs(reference.getRttMs())
          .setCurrentRttMs(now.getRttMs())
          .setBandwidthChangeRatio(bandwidthRatio)
          .setRttChangeRatio(rttRatio)
          .setThresholdRatio(thresholdRatio)
          .setDetectedAtEpochMs(nowEpochMs)
          .build();
      // the new state becomes the reference: the next change is measured from here
      return new Step(new NetworkTrack(now, now), Optional.of(change));
    }
    return new Step(new NetworkTrack(now, reference), Optional.empty());
  }

  private NetworkState state(String deviceId, double bandwidth, double rtt, long count, long updatedAt) {
    return NetworkState.newBuilder()
        .setDeviceId(deviceId)
        .setUplinkBandwidthBytesPerSec(bandwidth)
        .setRttMs(rtt)
        .setSmoothingFactor(alpha)
        .setSampleCount(count)
        .setUpdatedAtEpochMs(updatedAt)
        .build();
  }

  private static double ratio(double current, double previous) {
    return (current - previous) / previous;
  }
}
