package io.jointcs.trainer;

import io.jointcs.events.LatencyPredictor;
import io.jointcs.events.codec.Decoded;
import io.jointcs.events.codec.DecodedDeserializer;
import io.jointcs.latency.prediction.PredictorCodec;
import io.jointcs.latency.prediction.TrainedPredictor;
import io.jointcs.topics.Topics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * The current predictor of every device class, read from the compacted jointcs.predictors (all partitions, no
 * consumer group) by a thread of its own: on start up to the end, so a restart neither republishes nor regresses
 * (retraining waits for {@link #loaded()}), then on, so versions another instance publishes are seen too. A
 * version only ever replaces a lower one; a tombstone removes the predictor but not its version count.
 */
@ApplicationScoped
public class PredictorCatalog {
  private static final Logger LOG = Logger.getLogger(PredictorCatalog.class);

  /**
   * @param event the record as published
   * @param trained the decoded predictor; null when this build cannot read it ({@code problem} says why)
   */
  public record Current(LatencyPredictor event, TrainedPredictor trained, String problem) {}

  private final Map<String, Current> current = new ConcurrentHashMap<>();
  /** highest version ever seen per class, tombstoned ones included: versions never repeat */
  private final Map<String, Long> highestVersion = new ConcurrentHashMap<>();
  private final AtomicBoolean loaded = new AtomicBoolean();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private volatile KafkaConsumer<String, Decoded<LatencyPredictor>> consumer;
  private Thread reader;

  @Inject
  @Identifier("default-kafka-broker")
  Map<String, Object> kafkaConfig;

  void start(@Observes StartupEvent event) {
    reader = new Thread(this::readForever, "predictor-catalog-reader");
    reader.setDaemon(true);
    reader.start();
  }

  void stop(@Observes ShutdownEvent event) {
    running.set(false);
    KafkaConsumer<?, ?> c = consumer;
    if (c != null) {
      c.wakeup();
    }
  }

  public boolean loaded() {
    return loaded.get();
  }

  public Optional<Current> current(String deviceClass) {
    return Optional.ofNullable(current.get(deviceClass));
  }

  public Map<String, Current> all() {
    return Map.copyOf(current);
  }

  /** Version the next accepted predictor of the class gets. */
  public long nextVersion(String deviceClass) {
    return highestVersion.getOrDefault(deviceClass, 0L) + 1;
  }

  /** Records a version this instance published (and the broker acknowledged). */
  public void published(LatencyPredictor event, TrainedPredictor trained) {
    offer(event.getDeviceClass(), event, trained, null);
  }

  private synchronized void offer(String deviceClass, LatencyPredictor event, TrainedPredictor trained,
      String problem) {
    long known = highestVersion.getOrDefault(deviceClass, 0L);
    if (event.getVersion() <= known && current.containsKey(deviceClass)) {
      return; // our own publication read back, or an older record before compaction
    }
    highestVersion.put(deviceClass, Math.max(known, event.getVersion()));
    current.put(deviceClass, new Current(event, trained, problem));
  }

  private synchronized void tombstone(String deviceClass) {
    current.remove(deviceClass);
  }

  private void readForever() {
    while (running.get()) {
      try (KafkaConsumer<String, Decoded<LatencyPredictor>> c = newConsumer()) {
        consumer = c;
        List<TopicPartition> partitions = c.partitionsFor(Topics.PREDICTORS.name(), Duration.ofSeconds(30))
            .stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        c.assign(partitions);
        c.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = c.endOffsets(partitions, Duration.ofSeconds(30));
        while (running.get()) {
          for (ConsumerRecord<String, Decoded<LatencyPredictor>> r : c.poll(Duration.ofMillis(500))) {
            apply(r);
          }
          if (!loaded.get() && end.entrySet().stream().allMatch(e -> c.position(e.getKey()) >= e.getValue())) {
            loaded.set(true);
            LOG.infof("current predictors loaded from %s: %s", Topics.PREDICTORS.name(), versions());
          }
        }
      } catch (WakeupException e) {
        return;
      } catch (RuntimeException e) {
        if (!running.get()) {
          return;
        }
        // broker not reachable yet, topic missing, ...: retraining stays paused (not loaded) until this works
        LOG.warnf("reading %s failed, retrying in 2 s: %s", Topics.PREDICTORS.name(), e.toString());
        sleepQuietly(2000);
      }
    }
  }

  private void apply(ConsumerRecord<String, Decoded<LatencyPredictor>> r) {
    if (r.value() == null) {
      tombstone(r.key());
      return;
    }
    if (r.value() instanceof Decoded.Failed<LatencyPredictor> failed) {
      LOG.errorf("skipping undecodable record %s-%d@%d: %s", r.topic(), r.partition(), r.offset(), failed.message());
      return;
    }
    LatencyPredictor event = ((Decoded.Ok<LatencyPredictor>) r.value()).value();
    TrainedPredictor trained = null;
    String problem = null;
    try {
      trained = PredictorCodec.decode(bytes(event.getModelBytes()));
    } catch (RuntimeException e) {
      // e.g. a feature set this build does not implement: it cannot be compared, a candidate replaces it
      problem = e.getMessage();
      LOG.warnf("predictor %s v%d cannot be used by this build: %s", event.getDeviceClass(), event.getVersion(),
          problem);
    }
    offer(event.getDeviceClass(), event, trained, problem);
  }

  private Map<String, Long> versions() {
    Map<String, Long> out = new HashMap<>();
    current.forEach((k, v) -> out.put(k, v.event().getVersion()));
    return out;
  }

  static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer b = buffer.duplicate();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  private KafkaConsumer<String, Decoded<LatencyPredictor>> newConsumer() {
    Map<String, Object> config = new HashMap<>(kafkaConfig);
    config.keySet().removeIf(k -> k.startsWith("mp.") || k.startsWith("quarkus."));
    config.remove(ConsumerConfig.GROUP_ID_CONFIG); // assign, no group: every instance reads every class
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "predictor-training-catalog");
    return new KafkaConsumer<>(config, new StringDeserializer(), new DecodedDeserializer<>(LatencyPredictor.class));
  }

  private static void sleepQuietly(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
