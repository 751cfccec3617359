package io.jointcs.ingestion;

import io.jointcs.events.RejectionReason;
import io.jointcs.events.TelemetrySource;

/**
 * What the topology tells the outside about each record it judged (metrics in the service, nothing in tests
 * that do not care). Under exactly-once a task that is retried reports its records again: counts are
 * at-least-once, the topics are exactly-once.
 */
public interface IngestionListener {
  IngestionListener NONE = new IngestionListener() {};

  /** A valid record; kind is {@code layer}, {@code network} or {@code model}. */
  default void accepted(String kind, TelemetrySource source) {}

  default void rejected(RejectionReason reason, TelemetrySource source) {}

  /** A statistics window could not be judged for drift (its class' predictor is unusable). */
  default void driftSkipped(String detail) {}
}
