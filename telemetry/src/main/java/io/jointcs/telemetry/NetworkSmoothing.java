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
 * <p>Step detection: the moving average alone needs many samples to follow a lasting step (with alpha 0.3, a drop
 * from 50 to 2 Mbit/s takes six samples to come within 20% of the new level), so a re-segmentation would wait for
 * the average rather than for the network. With {@code stepSamples} = k &gt;= 2, k consecutive samples that agree with
 * each other (within the threshold) and all lie beyond the threshold from the smoothed state are a step: the state
 * moves to their mean at once. One outlier never moves it (it needs k agreeing samples); 0 turns this off.
 *
 * @param alpha weight of the newest sample, in (0, 1]. Unit: ratio.
 * @param thresholdRatio relative change of bandwidth or RTT that is reported, > 0. Unit: ratio.
 * @param stepSamples consecutive agreeing samples beyond the threshold that move the state to their mean; 0 = off,
 *     else >= 2. Unit: count.
 */
public record NetworkSmoothing(double alpha, double thresholdRatio, int stepSamples) {

  /** Moving average only, no step detection. */
  public NetworkSmoothing(double alpha, double thresholdRatio) {
    this(alpha, thresholdRatio, 0);
  }

  public NetworkSmoothing {
    if (stepSamples != 0 && stepSamples < 2) {
      throw new IllegalArgumentException("step samples must be 0 (off) or >= 2 (one sample is an outlier, not a "
          + "step), got " + stepSamples);
    }
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
    // samples can arrive out of order: the state is as new as the newest sample in it
    long updatedAt = Math.max(measuredAtEpochMs, before.getUpdatedAtEpochMs());
    NetworkState pending = stepSamples == 0 ? null : pending(track.pending(), before, deviceId, bandwidth, rtt,
        measuredAtEpochMs);
    NetworkState now;
    if (pending != null && pending.getSampleCount() >= stepSamples) {
      // a lasting step: the state is the mean of the samples that make it
      now = state(deviceId, pending.getUplinkBandwidthBytesPerSec(), pending.getRttMs(), before.getSampleCount() + 1,
          updatedAt);
      pending = null;
    } else {
      now = state(deviceId,
          alpha * bandwidth + (1 - alpha) * before.getUplinkBandwidthBytesPerSec(),
          alpha * rtt + (1 - alpha) * before.getRttMs(),
          before.getSampleCount() + 1, updatedAt);
    }
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
      return new Step(new NetworkTrack(now, now, pending), Optional.of(change));
    }
    return new Step(new NetworkTrack(now, reference, pending), Optional.empty());
  }

  /**
   * The run of samples beyond the threshold from the smoothed state {@code before}, this one included: their mean
   * and count (as a state); null when this sample is within the threshold. A sample that departs but disagrees with
   * the run so far starts a new run.
   */
  private NetworkState pending(NetworkState run, NetworkState before, String deviceId, double bandwidth, double rtt,
      long measuredAtEpochMs) {
    if (!beyond(bandwidth, before.getUplinkBandwidthBytesPerSec()) && !beyond(rtt, before.getRttMs())) {
      return null;
    }
    if (run == null || beyond(bandwidth, run.getUplinkBandwidthBytesPerSec()) || beyond(rtt, run.getRttMs())) {
      return state(deviceId, bandwidth, rtt, 1, measuredAtEpochMs);
    }
    long n = run.getSampleCount();
    return state(deviceId, (run.getUplinkBandwidthBytesPerSec() * n + bandwidth) / (n + 1),
        (run.getRttMs() * n + rtt) / (n + 1), n + 1, Math.max(measuredAtEpochMs, run.getUpdatedAtEpochMs()));
  }

  private boolean beyond(double value, double from) {
    return Math.abs(ratio(value, from)) > thresholdRatio;
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
