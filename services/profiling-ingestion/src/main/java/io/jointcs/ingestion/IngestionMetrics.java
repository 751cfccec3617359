package io.jointcs.ingestion;

import io.jointcs.events.RejectionReason;
import io.jointcs.events.TelemetrySource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;

/**
 * Counters of what ingestion did, on /q/metrics: {@code jointcs_telemetry_accepted_total{kind,source}},
 * {@code jointcs_telemetry_rejected_total{reason,source}}, {@code jointcs_telemetry_http_batches_total{outcome}},
 * {@code jointcs_telemetry_drift_skipped_total}.
 */
@ApplicationScoped
public class IngestionMetrics implements IngestionListener {
  private final MeterRegistry registry;

  public IngestionMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void accepted(String kind, TelemetrySource source) {
    Counter.builder("jointcs.telemetry.accepted").description("Telemetry records that passed validation")
        .tag("kind", kind).tag("source", tag(source)).register(registry).increment();
  }

  @Override
  public void rejected(RejectionReason reason, TelemetrySource source) {
    Counter.builder("jointcs.telemetry.rejected").description("Telemetry records rejected, by reason")
        .tag("reason", reason.name()).tag("source", tag(source)).register(registry).increment();
  }

  @Override
  public void driftSkipped(String detail) {
    Counter.builder("jointcs.telemetry.drift.skipped")
        .description("Statistics windows not judged for drift: their class' predictor is unusable")
        .register(registry).increment();
  }

  /** One HTTP batch answered; outcome is accepted, unauthorized, forbidden, malformed, too_large or unavailable. */
  public void httpBatch(String outcome) {
    Counter.builder("jointcs.telemetry.http.batches").description("HTTP telemetry batches, by outcome")
        .tag("outcome", outcome).register(registry).increment();
  }

  private static String tag(TelemetrySource source) {
    return source.name().toLowerCase(Locale.ROOT);
  }
}
