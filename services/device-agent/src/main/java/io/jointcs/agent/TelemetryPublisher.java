package io.jointcs.agent;

import io.jointcs.events.DeviceTelemetry;

/** Where the agent's telemetry goes: the raw Kafka topic, or profiling-ingestion over HTTP. */
interface TelemetryPublisher extends AutoCloseable {
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
