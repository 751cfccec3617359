package io.jointcs.telemetry.publish;

import io.jointcs.events.DeviceTelemetry;
import io.jointcs.events.codec.EventCodec;
import io.jointcs.topics.Topics;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Telemetry to jointcs.telemetry.raw, keyed by device id (one device's samples stay in order), Avro binary. */
public final class KafkaTelemetryPublisher implements TelemetryPublisher {
  private static final Logger log = LoggerFactory.getLogger(KafkaTelemetryPublisher.class);
  private static final EventCodec<DeviceTelemetry> CODEC = EventCodec.of(DeviceTelemetry.class);

  private final Producer<String, byte[]> producer;
  private final String deviceId;
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();

  /** The producer may be shared (the agent registers with it too): its owner closes it. */
  public KafkaTelemetryPublisher(Producer<String, byte[]> producer, String deviceId) {
    this.producer = producer;
    this.deviceId = deviceId;
  }

  @Override
  public void publish(DeviceTelemetry telemetry) {
    ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.TELEMETRY_RAW.name(), deviceId,
        CODEC.encode(telemetry));
    try {
      producer.send(record, (metadata, error) -> {
        if (error == null) {
          delivered.incrementAndGet();
        } else {
          failed.incrementAndGet();
          log.warn("telemetry {} of device {} not delivered to {}: {}", telemetry.getTelemetryId(), deviceId,
              Topics.TELEMETRY_RAW.name(), error.toString());
        }
      });
    } catch (KafkaException e) {
      failed.incrementAndGet();
      log.warn("telemetry {} of device {} not sent to {}: {}", telemetry.getTelemetryId(), deviceId,
          Topics.TELEMETRY_RAW.name(), e.toString());
    }
  }

  @Override
  public void flush() {
    producer.flush();
  }

  @Override
  public long delivered() {
    return delivered.get();
  }

  @Override
  public long failed() {
    return failed.get();
  }

  @Override
  public String route() {
    return "Kafka topic " + Topics.TELEMETRY_RAW.name();
  }

  @Override
  public void close() {
    flush();
  }
}
