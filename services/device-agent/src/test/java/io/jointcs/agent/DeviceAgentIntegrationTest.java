package io.jointcs.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointcs.artifact.ModelArtifact;
import io.jointcs.events.DeploymentPlan;
import io.jointcs.events.DeviceRegistration;
import io.jointcs.events.DeviceTelemetry;
import io.jointcs.events.LayerLatencySample;
import io.jointcs.events.ModelLatencySample;
import io.jointcs.events.ModelPart;
import io.jointcs.events.NetworkMeasurementMethod;
import io.jointcs.events.NetworkSample;
import io.jointcs.events.codec.EventCodec;
import io.jointcs.kafka.embedded.TestKafkaExtension;
import io.jointcs.latency.profiling.DeviceClassConfig;
import io.jointcs.splitinference.LinkEmulation;
import io.jointcs.topics.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent against a real broker (the in-process KRaft broker, or a Kafka container with
 * -Djointcs.test.kafka=testcontainers): it registers, publishes profiled layers and network samples, follows the
 * plans the test publishes (ignoring another device's), runs real split inference with a LOCAL-EDGE edge JVM,
 * switches to a new cut (a new edge JVM) and reacts to a link change from the admin endpoint.
 */
class DeviceAgentIntegrationTest {
  @RegisterExtension
  static final TestKafkaExtension KAFKA = new TestKafkaExtension();

  private static final String DEVICE = "agent-it-1";
  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  @TempDir
  Path store;

  @TempDir
  Path cache;

  @Test
  void registersPublishesFollowsPlansAndRunsSplitInference() throws Exception {
    // Given a tiny resnet20 as FULL model and heads at cuts 3 and 6 in an artifact store
    ModelArtifact full = TestArtifacts.full();
    ModelArtifact head3 = TestArtifacts.head(3);
    ModelArtifact head6 = TestArtifacts.head(6);
    TestArtifacts.store(store, full, head3, head6);
    // and an agent on an EMULATED 20 Mbit/s, 5 ms uplink, with a co-located edge
    AgentConfig config = new AgentConfig(DEVICE, DeviceClassConfig.CPU_1T, KAFKA.bootstrapServers(), null, null, null,
        null, store, cache, new EdgeMode.LocalEdge(1), new LinkEmulation(LinkControl.mbpsToBytesPerSec(20), 5), 0,
        20, null, 3, 3, Duration.ofMillis(200), Duration.ofMillis(700), 131_072, Duration.ofMillis(300),
        Duration.ofMillis(800), Map.of("site", "test"), 1);
    try (KafkaProducer<String, byte[]> producer = producer();
        KafkaConsumer<String, byte[]> telemetry = consumer(Topics.TELEMETRY_RAW.name());
        KafkaConsumer<String, byte[]> devices = consumer(Topics.DEVICES.name());
        DeviceAgent agent = DeviceAgent.start(config)) {
      List<DeviceTelemetry> seen = new ArrayList<>();

      // Then it registered on the compacted devices topic, keyed by its id
      List<DeviceRegistration> registrations = new ArrayList<>();
      Poll.until(TIMEOUT, "the registration", () -> {
        for (ConsumerRecord<String, byte[]> r : devices.poll(Duration.ofMillis(200))) {
          assertThat(r.key()).isEqualTo(DEVICE);
          registrations.add(decode(DeviceRegistration.class, r.value()));
        }
        return !registrations.isEmpty();
      });
      assertThat(registrations.get(0).getDevice().getDeviceClass()).isEqualTo("cpu-1t");
      assertThat(registrations.get(0).getDevice().getEmulated())
          .as("only the uplink is emulated, the compute is real").isFalse();
      assertThat(registrations.get(0).getLabels()).containsEntry("site", "test");

      // When plans arrive: another device's newer one, then this device's v1 at cut 3
      producer.send(new ProducerRecord<>(Topics.PLANS.name(), "other-device",
          encode(TestArtifacts.plan("other-device", 9, full, head6, 6)))).get();
      producer.send(new ProducerRecord<>(Topics.PLANS.name(), DEVICE,
          encode(TestArtifacts.plan(DEVICE, 1, full, head3, 3)))).get();

      // Then it applies v1 (not the other device's) and runs real split inference through a local edge JVM
      Poll.until(TIMEOUT, "plan v1 applied and requests served",
          () -> agent.runningPlanVersion() == 1 && agent.runner().requests() >= 3);
      assertThat(agent.status().plan().cutPoint()).isEqualTo(3);
      assertThat(agent.status().plan().edge()).contains("LOCAL-EDGE");

      // and it publishes layer samples, network samples (shaped emulation, near 20 Mbit/s) and the head's latency
      Poll.until(TIMEOUT, "3 layer samples, a network sample and a HEAD latency sample", () -> {
        telemetry.poll(Duration.ofMillis(200)).forEach(r -> {
          assertThat(r.key()).isEqualTo(DEVICE);
          seen.add(decode(DeviceTelemetry.class, r.value()));
        });
        return count(seen, LayerLatencySample.class) >= 3 && count(seen, NetworkSample.class) >= 3
            && payloads(seen, ModelLatencySample.class).stream().anyMatch(m -> m.getPart() == ModelPart.SPLIT);
      });
      List<NetworkSample> networks = payloads(seen, NetworkSample.class);
      assertThat(networks).allSatisfy(n ->
          assertThat(n.getMeasurementMethod()).isEqualTo(NetworkMeasurementMethod.SHAPED_EMULATION));
      // one probe on two busy cores can be off; the median of three is near the shaped rate
      double[] rates = networks.stream().mapToDouble(NetworkSample::getUplinkBandwidthBytesPerSec).sorted().toArray();
      assertThat(rates[rates.length / 2]).isBetween(0.7 * 2.5e6, 1.2 * 2.5e6);
      ModelLatencySample model = payloads(seen, ModelLatencySample.class).get(0);
      assertThat(model.getCutPoint()).isEqualTo(3);
      assertThat(model.getModelSpec()).startsWith("resnet20[");
      assertThat(model.getPart()).isEqualTo(ModelPart.HEAD);
      // and the split end to end, with its breakdown and the shaped link it ran over
      ModelLatencySample split = payloads(seen, ModelLatencySample.class).stream()
          .filter(m -> m.getPart() == ModelPart.SPLIT).findFirst().orElseThrow();
      assertThat(split.getCutPoint()).isEqualTo(3);
      assertThat(split.getHeadMs()).isPositive();
      assertThat(split.getTransferMs()).isPositive();
      assertThat(split.getTailMs()).isPositive();
      assertThat(split.getCutBytes()).isPositive();
      assertThat(split.getUplinkBandwidthBytesPerSec()).isEqualTo(2.5e6);
      assertThat(split.getNetworkMeasurementMethod()).isEqualTo(NetworkMeasurementMethod.SHAPED_EMULATION);
      assertThat(seen).allSatisfy(t -> assertThat(t.getDevice().getEmulated()).isFalse());

      // When the demo lowers the uplink to 4 Mbit/s through the admin endpoint
      HttpResponse<String> changed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + agent.adminPort().orElseThrow() + "/link?mbps=4&rttMs=5"))
          .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(changed.statusCode()).isEqualTo(200);
      // Then the next network samples measure the lower rate
      Poll.until(TIMEOUT, "a network sample near 4 Mbit/s", () -> {
        telemetry.poll(Duration.ofMillis(200)).forEach(r -> seen.add(decode(DeviceTelemetry.class, r.value())));
        return payloads(seen, NetworkSample.class).stream()
            .anyMatch(n -> n.getUplinkBandwidthBytesPerSec() < 0.6e6 && n.getUplinkBandwidthBytesPerSec() > 0.35e6);
      });

      // When v2 moves the cut to 6, and a stale v1 is published again
      producer.send(new ProducerRecord<>(Topics.PLANS.name(), DEVICE,
          encode(TestArtifacts.plan(DEVICE, 2, full, head6, 6)))).get();
      producer.send(new ProducerRecord<>(Topics.PLANS.name(), DEVICE,
          encode(TestArtifacts.plan(DEVICE, 1, full, head3, 3)))).get();
      long requestsBefore = agent.runner().requests();
      // Then it switches to a new edge at cut 6 and keeps serving requests there
      Poll.until(TIMEOUT, "plan v2 applied and serving",
          () -> agent.runningPlanVersion() == 2 && agent.runner().requests() >= requestsBefore + 3);
      AgentStatus status = agent.status();
      assertThat(status.plan().cutPoint()).isEqualTo(6);
      assertThat(status.plan().appliedAtEpochMs()).isGreaterThanOrEqualTo(status.plan().createdAtEpochMs());
      assertThat(status.lastPlanError()).isNull();
      assertThat(status.registered()).isTrue();
    }
  }

  private static <T> List<T> payloads(List<DeviceTelemetry> seen, Class<T> type) {
    return seen.stream().map(DeviceTelemetry::getPayload).filter(type::isInstance).map(type::cast).toList();
  }

  private static long count(List<DeviceTelemetry> seen, Class<?> type) {
    return payloads(seen, type).size();
  }

  private static byte[] encode(DeploymentPlan plan) {
    return EventCodec.of(DeploymentPlan.class).encode(plan);
  }

  private static <T extends org.apache.avro.specific.SpecificRecord> T decode(Class<T> type, byte[] bytes) {
    try {
      return EventCodec.of(type).decode(bytes);
    } catch (Exception e) {
      throw new AssertionError("undecodable " + type.getSimpleName() + ": " + e, e);
    }
  }

  private static KafkaProducer<String, byte[]> producer() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return new KafkaProducer<>(p);
  }

  private static KafkaConsumer<String, byte[]> consumer(String topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "agent-it-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p);
    consumer.subscribe(List.of(topic));
    return consumer;
  }
}
