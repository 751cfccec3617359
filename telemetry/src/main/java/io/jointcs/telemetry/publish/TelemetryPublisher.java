package io.jointcs.telemetry.publish;

import io.jointcs.events.DeviceTelemetry;

/**
 * Where a device's telemetry goes: the raw Kafka topic ({@link KafkaTelemetryPublisher}), or profiling-ingestion's
 * {@code POST /telemetry} ({@link HttpTelemetryPublisher}). Shared by the device agent and {@code ./jointcs profile
 * --publish-*}, so both publish the same way.
 */
public interface TelemetryPublisher extends AutoCloseable {
  /** Queues one record; never blocks for long (a full buffer drops the record and counts it as failed). */
  void publish(DeviceTelemetry telemetry);

  /** Waits until every queued record is delivered or given up on. */
  void flush();

  /** Records the platform acknowledged. */
  long delivered();

  /** Records dropped or refused. */
  long failed();

  /** The route, for logs and status. */
  String route();

  @Override
  void close();
}
