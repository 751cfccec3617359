package io.jointcs.agent;

import java.time.Duration;

/**
 * When an uplink probe is repeated early. Probes run every probe interval; a probe whose bandwidth or round-trip
 * time moved by more than {@link #CHANGE_RATIO} from the previous probe is confirmed by one more probe after
 * {@link #CONFIRM_DELAY} rather than a whole interval later: ingestion follows a lasting step once two agreeing
 * samples show it (jointcs.ingestion.network.step-samples), so a real change reaches the plans one interval sooner,
 * and a single outlier costs one extra probe. A confirming probe is never itself confirmed, so a noisy link probes at
 * most twice per interval.
 */
final class ProbeSchedule {
  /** Relative move of bandwidth or RTT between two probes that is confirmed early. Unit: ratio. */
  static final double CHANGE_RATIO = 0.2;
  /** Delay of the confirming probe after the one that moved. */
  static final Duration CONFIRM_DELAY = Duration.ofMillis(500);

  private double lastBytesPerSec = Double.NaN;
  private double lastRttMs = Double.NaN;
  private boolean confirming;

  /** Records a probe's result; true when the next probe should come after {@link #CONFIRM_DELAY}. */
  boolean confirmSoon(double bytesPerSec, double rttMs) {
    boolean moved = !Double.isNaN(lastBytesPerSec) && (moved(bytesPerSec, lastBytesPerSec) || moved(rttMs, lastRttMs));
    lastBytesPerSec = bytesPerSec;
    lastRttMs = rttMs;
    if (confirming) {
      confirming = false;
      return false;
    }
    confirming = moved;
    return moved;
  }

  private static boolean moved(double now, double before) {
    return before > 0 && Math.abs(now - before) / before > CHANGE_RATIO;
  }
}
