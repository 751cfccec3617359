package io.jointcs.ingestion;

import io.jointcs.telemetry.DriftDetector;
import io.jointcs.telemetry.NetworkSmoothing;
import io.jointcs.telemetry.TelemetryValidator;
import java.time.Duration;
import java.util.Objects;

/**
 * What the ingestion topology is built from; the service fills it from configuration, tests directly.
 *
 * @param validator the value rules and known device classes
 * @param window size of a latency statistics window (tumbling, by record timestamp)
 * @param grace how long after its end a window still accepts late samples before it is emitted
 * @param smoothing network EWMA and change threshold
 * @param drift drift threshold and minimum samples
 */
public record TopologySettings(TelemetryValidator validator, Duration window, Duration grace,
    NetworkSmoothing smoothing, DriftDetector drift) {
  public TopologySettings {
    Objects.requireNonNull(validator, "validator");
    Objects.requireNonNull(smoothing, "smoothing");
    Objects.requireNonNull(drift, "drift");
    if (window == null || window.isZero() || window.isNegative()) {
      throw new IllegalArgumentException("statistics window must be > 0, got " + window);
    }
    if (grace == null || grace.isNegative()) {
      throw new IllegalArgumentException("statistics window grace must be >= 0, got " + grace);
    }
  }
}
