package io.jointcs.latency.network;

import io.jointcs.segmentation.NetworkCondition;

import java.util.List;

/**
 * Outcome of a calibration: the least-squares fit elapsedMs = fixedOverheadMs + bytes / bandwidth over the timed
 * transfers.
 *
 * @param condition the fitted condition; its rttMs is the fitted overhead, or 0 when the fit gave a negative one
 *     (a fit intercept below 0 is noise around a negligible overhead, and a negative rtt means nothing)
 * @param fittedOverheadMs the intercept as fitted, possibly slightly negative
 * @param emulatedBytesPerSec the sender's shaping limit when the link was emulated, 0 for an unshaped socket
 * @param timings every timed transfer (warm-up transfers excluded)
 */
public record CalibrationResult(NetworkCondition condition, double fittedOverheadMs, double emulatedBytesPerSec,
    List<TransferTiming> timings) {

  public CalibrationResult {
    timings = List.copyOf(timings);
  }

  /** Whether the link was shaped by the sender (an emulated bandwidth), not the socket's own speed. */
  public boolean emulated() {
    return emulatedBytesPerSec > 0;
  }
}
