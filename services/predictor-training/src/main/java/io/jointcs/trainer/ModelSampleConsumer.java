package io.jointcs.trainer;

import io.jointcs.events.ModelProfilingSample;
import io.jointcs.events.codec.Decoded;
import io.jointcs.events.codec.EventCodec;
import io.jointcs.latency.training.ModelMeasurement;
import io.jointcs.latency.training.ModelSampleSet;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Locale;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads jointcs.profiling.model-samples (keyed by device class) into the model measurements of the classes: WHOLE
 * models, HEADs and TAILs, each with the layers its model spec gives, fit the invocation overhead and judge whole
 * models at the next retraining. SPLIT samples (end to end over two devices and a link) are counted, not fitted: they
 * check plans, not one class's predictor. Every instance reads the whole topic from its beginning (its own consumer
 * group, nothing committed). A record that cannot be decoded or whose spec cannot be parsed is logged, counted and
 * skipped; it stays on the topic.
 */
@ApplicationScoped
public class ModelSampleConsumer {
  private static final Logger LOG = Logger.getLogger(ModelSampleConsumer.class);
  private static final EventCodec<ModelProfilingSample> CODEC = EventCodec.of(ModelProfilingSample.class);

  @Inject
  TrainingSets sets;

  @Inject
  MeterRegistry registry;

  @Incoming(Channels.MODEL_SAMPLES)
  public void consume(ConsumerRecord<String, byte[]> record) {
    if (record.value() == null) {
      skip("tombstone", record, "null value");
      return;
    }
    Decoded<ModelProfilingSample> decoded = CODEC.tryDecode(record.value());
    if (decoded instanceof Decoded.Failed<ModelProfilingSample> failed) {
      skip("undecodable", record, failed.reason() + ": " + failed.message());
      return;
    }
    ModelProfilingSample s = ((Decoded.Ok<ModelProfilingSample>) decoded).value();
    String part = s.getSample().getPart().name().toLowerCase(Locale.ROOT);
    if (!ModelMeasurement.fittable(s.getSample())) {
      registry.counter("jointcs.training.model.samples", "class", s.getDeviceClass(), "part", part,
          "use", "end-to-end only").increment();
      return;
    }
    ModelMeasurement measurement;
    try {
      measurement = ModelMeasurement.of(s.getSampleId(), s.getSample());
    } catch (IllegalArgumentException e) {
      skip("unusable", record, e.getMessage());
      return;
    }
    ModelSampleSet.Added added = sets.addModel(s.getDeviceClass(), measurement);
    registry.counter("jointcs.training.model.samples", "class", s.getDeviceClass(), "part", part,
        "use", added.name().toLowerCase(Locale.ROOT)).increment();
  }

  private void skip(String reason, ConsumerRecord<?, ?> r, String detail) {
    registry.counter("jointcs.training.model.samples.skipped", "reason", reason).increment();
    LOG.warnf("skipping model sample %s-%d@%d (%s): %s", r.topic(), r.partition(), r.offset(), reason, detail);
  }
}
