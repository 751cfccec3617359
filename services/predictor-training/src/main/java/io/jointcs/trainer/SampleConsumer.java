package io.jointcs.trainer;

import io.jointcs.events.ProfilingSample;
import io.jointcs.events.codec.Decoded;
import io.jointcs.events.codec.EventCodec;
import io.jointcs.latency.prediction.LayerLatencySample;
import io.jointcs.latency.telemetry.LayerTelemetry;
import io.jointcs.latency.training.ClassTrainingSet;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads jointcs.profiling.samples (keyed by device class) into the training sets. Cheap per record: training runs
 * on {@link Retrainer}'s worker, never here. A record that cannot be decoded or has no predictor (a FLATTEN layer,
 * a latency that is not positive) is logged, counted and skipped: one bad record never stops the training of
 * every class, and it stays on the topic for inspection.
 */
@ApplicationScoped
public class SampleConsumer {
  private static final Logger LOG = Logger.getLogger(SampleConsumer.class);
  private static final EventCodec<ProfilingSample> CODEC = EventCodec.of(ProfilingSample.class);

  @Inject
  TrainingSets sets;

  @Inject
  MeterRegistry registry;

  @Incoming(Channels.SAMPLES)
  public void consume(ConsumerRecord<String, byte[]> record) {
    if (record.value() == null) {
      skip("tombstone", record, "null value");
      return;
    }
    Decoded<ProfilingSample> decoded = CODEC.tryDecode(record.value());
    if (decoded instanceof Decoded.Failed<ProfilingSample> failed) {
      skip("undecodable", record, failed.reason() + ": " + failed.message());
      return;
    }
    ProfilingSample s = ((Decoded.Ok<ProfilingSample>) decoded).value();
    LayerLatencySample sample;
    try {
      sample = new LayerLatencySample(s.getDeviceClass(), LayerTelemetry.toFeatures(s.getLayer()), s.getLatencyMs());
    } catch (IllegalArgumentException e) {
      skip("unusable", record, e.getMessage());
      return;
    }
    ClassTrainingSet.Added added = sets.add(s.getSampleId(), sample, s.getEmulated(), s.getValidatedAtEpochMs(),
        record.partition());
    registry.counter("jointcs.training.samples", "class", s.getDeviceClass(),
        "part", added.name().toLowerCase(java.util.Locale.ROOT)).increment();
  }

  private void skip(String reason, ConsumerRecord<?, ?> r, String detail) {
    registry.counter("jointcs.training.samples.skipped", "reason", reason).increment();
    LOG.warnf("skipping sample %s-%d@%d (%s): %s", r.topic(), r.partition(), r.offset(), reason, detail);
  }
}
