package io.jointcs.ingestion;

import io.jointcs.events.DeviceRegistration;
import io.jointcs.events.KafkaPosition;
import io.jointcs.events.LatencyDrift;
import io.jointcs.events.LatencyPredictor;
import io.jointcs.events.LatencyStatistics;
import io.jointcs.events.ModelProfilingSample;
import io.jointcs.events.NetworkChange;
import io.jointcs.events.NetworkState;
import io.jointcs.events.ProfilingSample;
import io.jointcs.events.RejectedTelemetry;
import io.jointcs.events.RejectionReason;
import io.jointcs.events.TelemetrySource;
import io.jointcs.events.codec.EventSerde;
import io.jointcs.telemetry.DriftDetector;
import io.jointcs.telemetry.LatencyWindow;
import io.jointcs.telemetry.NetworkSmoothing;
import io.jointcs.telemetry.NetworkTrack;
import io.jointcs.telemetry.Outcome;
import io.jointcs.telemetry.RawTelemetry;
import io.jointcs.telemetry.TelemetryIntake;
import io.jointcs.topics.RecordKeys;
import io.jointcs.topics.Topics;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.GlobalKTable;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka Streams topology of profiling ingestion, built by {@link #build}: the production topology and the one
 * the tests drive.
 *
 * <pre>
 * jointcs.telemetry.raw ─validate─┬─ layer sample ──► jointcs.profiling.samples (key: device class)
 *   (+ global jointcs.devices)    │                    └─ window per class|layer ──► jointcs.latency.statistics
 *                                 │                         └─ join global jointcs.predictors ──► jointcs.latency.drift
 *                                 ├─ network sample ─EWMA─► jointcs.network.state (compacted, key: device id)
 *                                 │                    └──► jointcs.network.changes (beyond the threshold)
 *                                 ├─ rejected ────────────► jointcs.telemetry.rejected (reason + original bytes)
 *                                 └─ model sample ────────► jointcs.profiling.model-samples (key: device class)
 * </pre>
 *
 * Validation runs inside the topology, so under exactly_once_v2 each raw record becomes exactly one sample or
 * rejection, atomically with the consumer offset. Validation never throws: one bad record is rejected and the
 * records after it flow on.
 */
public final class IngestionTopology {
  /** Global store of the current registration per device id (from {@code jointcs.devices}). */
  public static final String DEVICES_STORE = "devices";
  /** Global store of the current predictor per device class (from {@code jointcs.predictors}). */
  public static final String PREDICTORS_STORE = "predictors";
  /** Smoothed network state and change reference per device id. */
  public static final String NETWORK_STORE = "network-tracks";
  /** Latency windows per device class and layer signature. */
  public static final String WINDOWS_STORE = "latency-windows";

  private static final Logger LOG = LoggerFactory.getLogger(IngestionTopology.class);

  private IngestionTopology() {}

  public static Topology build(TopologySettings settings, IngestionListener listener) {
    StreamsBuilder builder = new StreamsBuilder();
    Serde<String> keys = Serdes.String();
    Serde<ProfilingSample> samples = EventSerde.of(ProfilingSample.class);

    // registrations: a global store, so every task sees every device whatever the partitioning
    builder.addGlobalStore(
        Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(DEVICES_STORE), keys,
            EventSerde.of(DeviceRegistration.class)).withLoggingDisabled(),
        Topics.DEVICES.name(),
        Consumed.with(keys, EventSerde.of(DeviceRegistration.class)).withName("devices"),
        () -> new RegistrationUpdater());

    KStream<String, Outcome> outcomes = builder
        .stream(Topics.TELEMETRY_RAW.name(), Consumed.with(keys, Serdes.ByteArray()).withName("telemetry-raw"))
        .processValues(() -> new Validation(new TelemetryIntake(settings.validator()), listener),
            Named.as("validate"));

    outcomes.split(Named.as("outcome-"))
        .branch((k, o) -> o instanceof Outcome.Sample, Branched.withConsumer(
            s -> statistics(builder, settings, listener, samples(s, samples), samples), "samples"))
        .branch((k, o) -> o instanceof Outcome.Network, Branched.withConsumer(
            s -> network(builder, settings.smoothing(), s), "network"))
        .branch((k, o) -> o instanceof Outcome.Rejected, Branched.withConsumer(
            s -> s.map((k, o) -> KeyValue.pair(o.key(), ((Outcome.Rejected) o).rejection()), Named.as("rejection"))
                .to(Topics.TELEMETRY_REJECTED.name(), Produced.with(keys, EventSerde.of(RejectedTelemetry.class))
                    .withName("to-rejected")), "rejected"))
        .branch((k, o) -> o instanceof Outcome.ModelLatency, Branched.withConsumer(
            s -> s.map((k, o) -> KeyValue.pair(o.key(), ((Outcome.ModelLatency) o).sample()),
                    Named.as("model-sample"))
                .to(Topics.PROFILING_MODEL_SAMPLES.name(), Produced.with(keys,
                    EventSerde.of(ModelProfilingSample.class)).withName("to-model-samples")), "model-samples"))
        .noDefaultBranch();
    return builder.build();
  }

  private static KStream<String, ProfilingSample> samples(KStream<String, Outcome> s, Serde<ProfilingSample> serde) {
    KStream<String, ProfilingSample> bySampleClass = s.map(
        (k, o) -> KeyValue.pair(o.key(), ((Outcome.Sample) o).sample()), Named.as("sample"));
    bySampleClass.to(Topics.PROFILING_SAMPLES.name(), Produced.with(Serdes.String(), serde).withName("to-samples"));
    return bySampleClass;
  }

  private static void statistics(StreamsBuilder builder, TopologySettings settings, IngestionListener listener,
      KStream<String, ProfilingSample> samples, Serde<ProfilingSample> sampleSerde) {
    Serde<LatencyWindow> windowSerde = Serdes.serdeFrom(
        (topic, w) -> w == null ? null : w.toBytes(),
        (topic, bytes) -> bytes == null ? null : LatencyWindow.fromBytes(bytes));
    KStream<String, LatencyStatistics> statistics = samples
        .groupBy((deviceClass, sample) -> RecordKeys.latencyStatisticsKey(deviceClass, sample.getLayer()),
            Grouped.with("latency-statistics", Serdes.String(), sampleSerde))
        .windowedBy(TimeWindows.ofSizeAndGrace(settings.window(), settings.grace()))
        .aggregate(() -> null,
            (key, sample, window) -> window == null ? LatencyWindow.of(sample) : window.plus(sample),
            Named.as("latency-window"),
            Materialized.<String, LatencyWindow>as(Stores.inMemoryWindowStore(WINDOWS_STORE,
                    settings.window().plus(settings.grace()), settings.window(), false))
                .withKeySerde(Serdes.String()).withValueSerde(windowSerde))
        // one record per window, when it closes: statistics are final, drift is judged once per window
        .suppress(Suppressed.<org.apache.kafka.streams.kstream.Windowed<String>>untilWindowCloses(
            Suppressed.BufferConfig.unbounded()).withName("closed-windows"))
        .toStream(Named.as("window-closed"))
        .map((windowed, w) -> KeyValue.pair(windowed.key(),
            w.toStatistics(windowed.window().start(), windowed.window().end())), Named.as("statistics"));
    Serde<LatencyStatistics> statisticsSerde = EventSerde.of(LatencyStatistics.class);
    statistics.to(Topics.LATENCY_STATISTICS.name(),
        Produced.with(Serdes.String(), statisticsSerde).withName("to-statistics"));

    GlobalKTable<String, LatencyPredictor> predictors = builder.globalTable(Topics.PREDICTORS.name(),
        Consumed.with(Serdes.String(), EventSerde.of(LatencyPredictor.class)).withName("predictors"),
        Materialized.<String, LatencyPredictor>as(Stores.inMemoryKeyValueStore(PREDICTORS_STORE))
            .withKeySerde(Serdes.String()).withValueSerde(EventSerde.of(LatencyPredictor.class)));
    statistics
        .join(predictors, (key, window) -> window.getDeviceClass(), WindowAndPredictor::new,
            Named.as("with-predictor"))
        .processValues(() -> new Drift(settings.drift(), listener), Named.as("drift"))
        .map((key, drift) -> KeyValue.pair(drift.getDeviceClass(), drift), Named.as("drift-by-class"))
        .to(Topics.LATENCY_DRIFT.name(), Produced.with(Serdes.String(), EventSerde.of(LatencyDrift.class))
            .withName("to-drift"));
  }

  private static void network(StreamsBuilder builder, NetworkSmoothing smoothing, KStream<String, Outcome> s) {
    Serde<NetworkTrack> trackSerde = Serdes.serdeFrom(
        (topic, t) -> t == null ? null : t.toBytes(),
        (topic, bytes) -> bytes == null ? null : NetworkTrack.fromBytes(bytes));
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(NETWORK_STORE),
        Serdes.String(), trackSerde));
    KStream<String, NetworkSmoothing.Step> steps = s.processValues(() -> new Smoothing(smoothing),
        Named.as("smooth-network"), NETWORK_STORE);
    steps.mapValues(step -> step.track().current(), Named.as("network-state"))
        .to(Topics.NETWORK_STATE.name(), Produced.with(Serdes.String(), EventSerde.of(NetworkState.class))
            .withName("to-network-state"));
    steps.flatMapValues(step -> step.change().stream().toList(), Named.as("network-change"))
        .to(Topics.NETWORK_CHANGES.name(), Produced.with(Serdes.String(), EventSerde.of(NetworkChange.class))
            .withName("to-network-changes"));
  }

  /** A statistics window with its class' current predictor. */
  record WindowAndPredictor(LatencyStatistics window, LatencyPredictor predictor) {}

  /** Keeps the global devices store equal to the compacted topic (a null value deletes the device). */
  private static final class RegistrationUpdater implements Processor<String, DeviceRegistration, Void, Void> {
    private KeyValueStore<String, DeviceRegistration> store;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
      store = context.getStateStore(DEVICES_STORE);
    }

    @Override
    public void process(Record<String, DeviceRegistration> record) {
      if (record.key() == null) {
        return;
      }
      if (record.value() == null) {
        store.delete(record.key());
      } else {
        store.put(record.key(), record.value());
      }
    }
  }

  /** Raw bytes to exactly one outcome; never throws. */
  private static final class Validation implements FixedKeyProcessor<String, byte[], Outcome> {
    private final TelemetryIntake intake;
    private final IngestionListener listener;
    private FixedKeyProcessorContext<String, Outcome> context;
    private KeyValueStore<String, DeviceRegistration> devices;

    Validation(TelemetryIntake intake, IngestionListener listener) {
      this.intake = intake;
      this.listener = listener;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Outcome> context) {
      this.context = context;
      this.devices = context.getStateStore(DEVICES_STORE);
    }

    @Override
    public void process(FixedKeyRecord<String, byte[]> record) {
      TelemetrySource source = RawHeaders.source(record.headers());
      long receivedAt = RawHeaders.receivedAt(record.headers(), record.timestamp());
      KafkaPosition position = source == TelemetrySource.HTTP ? null : context.recordMetadata()
          .map(m -> KafkaPosition.newBuilder().setTopic(m.topic()).setPartition(m.partition())
              .setOffset(m.offset()).build())
          .orElse(null);
      RawTelemetry raw = new RawTelemetry(record.key(), record.value(), source, receivedAt, position);
      Outcome outcome;
      try {
        outcome = intake.accept(raw, devices::get, context.currentSystemTimeMs());
      } catch (RuntimeException e) {
        // a bug must not stop the stream or lose the record: it is rejected with what went wrong
        LOG.error("validation failed unexpectedly at {}", position, e);
        outcome = new Outcome.Rejected(record.key() == null ? Outcome.UNKNOWN_DEVICE : record.key(),
            RejectedTelemetry.newBuilder().setReason(RejectionReason.OTHER)
                .setReasonDetail("internal validation error: " + e)
                .setOriginalBytes(ByteBuffer.wrap(record.value() == null ? new byte[0] : record.value()))
                .setSource(source).setReceivedAtEpochMs(receivedAt).setDeviceId(record.key())
                .setKafkaPosition(position).build());
      }
      if (outcome instanceof Outcome.Rejected r) {
        listener.rejected(r.reason(), source);
      } else {
        listener.accepted(outcome instanceof Outcome.Sample ? "layer"
            : outcome instanceof Outcome.Network ? "network" : "model", source);
      }
      context.forward(record.withValue(outcome));
    }
  }

  /** Folds network samples into the device's track; forwards every step. */
  private static final class Smoothing implements FixedKeyProcessor<String, Outcome, NetworkSmoothing.Step> {
    private final NetworkSmoothing smoothing;
    private FixedKeyProcessorContext<String, NetworkSmoothing.Step> context;
    private KeyValueStore<String, NetworkTrack> tracks;

    Smoothing(NetworkSmoothing smoothing) {
      this.smoothing = smoothing;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, NetworkSmoothing.Step> context) {
      this.context = context;
      this.tracks = context.getStateStore(NETWORK_STORE);
    }

    @Override
    public void process(FixedKeyRecord<String, Outcome> record) {
      Outcome.Network n = (Outcome.Network) record.value();
      NetworkSmoothing.Step step = smoothing.fold(tracks.get(n.deviceId()), n.deviceId(), n.sample(),
          n.measuredAtEpochMs(), context.currentSystemTimeMs());
      tracks.put(n.deviceId(), step.track());
      context.forward(record.withValue(step));
    }
  }

  /** Judges closed windows against the current predictor; forwards drift only. */
  private static final class Drift implements FixedKeyProcessor<String, WindowAndPredictor, LatencyDrift> {
    /** Unusable predictors already logged, so a bad predictor logs once, not once per window. */
    private static final Set<String> LOGGED = ConcurrentHashMap.newKeySet();
    private final DriftDetector detector;
    private final IngestionListener listener;
    private FixedKeyProcessorContext<String, LatencyDrift> context;

    Drift(DriftDetector detector, IngestionListener listener) {
      this.detector = detector;
      this.listener = listener;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, LatencyDrift> context) {
      this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, WindowAndPredictor> record) {
      WindowAndPredictor wp = record.value();
      Optional<LatencyDrift> drift;
      try {
        drift = detector.check(wp.window(), wp.predictor(), context.currentSystemTimeMs());
      } catch (DriftDetector.UnusablePredictorException e) {
        listener.driftSkipped(e.getMessage());
        if (LOGGED.add(wp.predictor().getDeviceClass() + "#" + wp.predictor().getVersion())) {
          LOG.warn("drift detection skipped: {}", e.getMessage());
        }
        return;
      }
      drift.ifPresent(d -> context.forward(record.withValue(d)));
    }
  }

  /** The topics the topology reads: Kafka Streams starts once they exist. */
  static List<String> inputTopics() {
    return List.of(Topics.TELEMETRY_RAW.name(), Topics.DEVICES.name(), Topics.PREDICTORS.name());
  }
}
