package io.jointcs.cli.demo;

import io.jointcs.events.LatencyPredictor;
import io.jointcs.events.codec.Decoded;
import io.jointcs.events.codec.EventCodec;
import io.jointcs.latency.prediction.PredictorCodec;
import io.jointcs.model.ModelSpec;
import io.jointcs.search.BlockLatencyModel;
import io.jointcs.search.EndToEndLatency;
import io.jointcs.search.LatencyGoal;
import io.jointcs.search.LatencyModels;
import io.jointcs.search.NetworkLink;
import io.jointcs.search.TargetCut;
import io.jointcs.search.TargetSpec;
import io.jointcs.search.latency.PredictorLatencyModel;
import io.jointcs.segmentation.CutQuantization;
import io.jointcs.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The demo's default latency goal: a share of the base model's predicted latency on the slowest target, by the
 * predictors predictor-training published on jointcs.predictors (the latest version of each class, as the
 * orchestrator pins them). Below the base model's latency, the search has to compress to reach it; close to it, one
 * step of the search reaches it, and the plans then take the most accurate model that meets it.
 */
public final class DemoGoal {
  private DemoGoal() {}

  /** The slowest target of the base model and its predicted latency at its best cut. Unit: ms. */
  public record Worst(String target, double latencyMs) {}

  public static Worst baseWorst(String bootstrap, ModelSpec base, List<String> deviceClasses, String edgeClass,
      List<NetworkLink> links, Duration timeout) {
    Map<String, BlockLatencyModel> models = new HashMap<>();
    latestPredictors(bootstrap, timeout).forEach((c, p) -> {
      byte[] bytes = new byte[p.getModelBytes().remaining()];
      p.getModelBytes().duplicate().get(bytes);
      models.put(c, new PredictorLatencyModel(PredictorCodec.decode(bytes).predictor()));
    });
    LatencyModels registry = LatencyModels.of(models);
    Worst worst = null;
    for (String c : deviceClasses) {
      for (NetworkLink link : links) {
        TargetSpec spec = TargetSpec.of(c, edgeClass, link, LatencyGoal.absoluteMs(Double.MAX_VALUE));
        TargetCut best = EndToEndLatency.bestCut(base.plan(), registry.target(spec), CutQuantization.NONE);
        if (worst == null || best.latencyMs() > worst.latencyMs()) {
          worst = new Worst(spec.name(), best.latencyMs());
        }
      }
    }
    return worst;
  }

  /** The latest predictor of every class on jointcs.predictors, read to its end. */
  static Map<String, LatencyPredictor> latestPredictors(String bootstrap, Duration timeout) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "jointcs-demo-goal");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    Map<String, LatencyPredictor> latest = new HashMap<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
        new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (int i = 0; i < Topics.PREDICTORS.partitions(); i++) {
        partitions.add(new TopicPartition(Topics.PREDICTORS.name(), i));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new DemoFailure("jointcs.predictors not read to its end within " + timeout.toSeconds() + " s");
        }
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.value() != null && EventCodec.of(LatencyPredictor.class).tryDecode(r.value())
              instanceof Decoded.Ok<LatencyPredictor> ok) {
            latest.merge(ok.value().getDeviceClass(), ok.value(), (a, b) -> a.getVersion() >= b.getVersion() ? a : b);
          }
        }
      }
    }
    return latest;
  }

}
