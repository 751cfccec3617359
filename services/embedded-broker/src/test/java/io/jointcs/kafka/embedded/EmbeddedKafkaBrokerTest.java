package io.jointcs.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.jointcs.topics.TopicSpec;
import io.jointcs.topics.Topics;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.utils.Exit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One default broker (whole catalogue, free port, temporary directory) shared by every test here. */
@ExtendWith(EmbeddedKafkaExtension.class)
class EmbeddedKafkaBrokerTest {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBrokerTest.class);

  @Test
  void startsReadyAndReportsHowLongTheFirstRecordTook(EmbeddedKafkaBroker kafka) {
    LOG.info("broker start to first record accepted: {} ms; ready (round trip done): {} ms",
        kafka.firstRecordAcceptedAfter().toMillis(), kafka.readyAfter().toMillis());

    assertThat(kafka.isRunning()).isTrue();
    assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:" + kafka.port());
    assertThat(kafka.firstRecordAcceptedAfter()).isPositive().isLessThanOrEqualTo(kafka.readyAfter());
    assertThat(kafka.temporaryDataDir()).isTrue();
    assertThat(kafka.dataDir().resolve("meta.properties")).exists();
  }

  @Test
  void recordsProducedAreConsumed(EmbeddedKafkaBroker kafka) throws Exception {
    // Given
    Map<String, String> sent = new LinkedHashMap<>();
    for (int i = 0; i < 10; i++) {
      sent.put("search-" + i, "requested " + i);
    }

    // When
    KafkaTestClients.produce(kafka.bootstrapServers(), Topics.SEARCH_REQUESTS.name(), sent);
    List<ConsumerRecord<String, String>> received = KafkaTestClients.consume(
        kafka.bootstrapServers(), Topics.SEARCH_REQUESTS.name(), sent.size(), Duration.ofSeconds(20));

    // Then
    assertThat(received).extracting(ConsumerRecord::key, ConsumerRecord::value)
        .containsExactlyInAnyOrderElementsOf(sent.entrySet().stream()
            .map(e -> tuple(e.getKey(), e.getValue())).toList());
  }

  @Test
  void catalogueTopicsExistWithTheirPartitionsCleanupPolicyAndRetention(EmbeddedKafkaBroker kafka) throws Exception {
    List<String> names = Topics.all().stream().map(TopicSpec::name).toList();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      Map<String, TopicDescription> descriptions = admin.describeTopics(names).allTopicNames().get();
      Map<ConfigResource, Config> configs = admin.describeConfigs(names.stream()
          .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList()).all().get();

      for (TopicSpec spec : Topics.all()) {
        Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()));
        assertThat(descriptions.get(spec.name()).partitions()).as(spec.name()).hasSize(spec.partitions());
        assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).as(spec.name())
            .isEqualTo(spec.cleanupPolicy().kafkaValue());
        assertThat(config.get(TopicConfig.RETENTION_MS_CONFIG).value()).as(spec.name())
            .isEqualTo(String.valueOf(spec.retentionMs()));
      }
    }
  }

  @Test
  void creatingTheTopicsAgainIsHarmless(EmbeddedKafkaBroker kafka) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      TopicInstaller.ensure(admin, Topics.all(), Duration.ofSeconds(20));

      Collection<String> listed = admin.listTopics().names().get();
      assertThat(listed).containsAll(Topics.all().stream().map(TopicSpec::name).collect(Collectors.toSet()));
    }
  }

  @Test
  void aBrokerFatalErrorCannotEndTheJvm() {
    // what Kafka's ProcessTerminatingFaultHandler does on a fatal fault
    assertThatThrownBy(() -> Exit.halt(1, "simulated fatal fault"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("halt(1) refused");
    assertThatThrownBy(() -> Exit.exit(1, "simulated fatal fault"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("exit(1) refused");
  }
}
