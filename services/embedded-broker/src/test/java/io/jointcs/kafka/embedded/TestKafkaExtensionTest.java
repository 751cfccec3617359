package io.jointcs.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointcs.topics.TopicSpec;
import io.jointcs.topics.Topics;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The broker every broker-backed test gets, whichever -Djointcs.test.kafka selects: the catalogue topics with their
 * partitions, no automatic topic creation, a round trip. With {@code testcontainers} this runs on the container.
 */
@ExtendWith(TestKafkaExtension.class)
class TestKafkaExtensionTest {
  @Test
  void theSelectedBrokerHasTheCatalogueTopicsAndCarriesRecords(TestKafka kafka) throws Exception {
    assertThat(kafka.kind()).isEqualTo(TestKafkaSelection.current().kind());
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      Set<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      assertThat(names).containsAll(Topics.all().stream().map(TopicSpec::name).toList());
      Map<String, TopicDescription> descriptions = admin.describeTopics(
          Topics.all().stream().map(TopicSpec::name).toList()).allTopicNames().get(30, TimeUnit.SECONDS);
      for (TopicSpec spec : Topics.all()) {
        assertThat(descriptions.get(spec.name()).partitions()).as(spec.name()).hasSize(spec.partitions());
      }
    }
    Map<String, String> sent = new LinkedHashMap<>();
    for (int i = 0; i < 5; i++) {
      sent.put("device-" + i, "registered " + i);
    }
    KafkaTestClients.produce(kafka.bootstrapServers(), Topics.DEVICES.name(), sent);
    List<ConsumerRecord<String, String>> read = KafkaTestClients.consume(kafka.bootstrapServers(),
        Topics.DEVICES.name(), sent.size(), Duration.ofSeconds(30));
    assertThat(read).extracting(ConsumerRecord::value).containsExactlyInAnyOrderElementsOf(sent.values());
  }

  @Test
  void topicsAreNotCreatedOnTheFly(TestKafka kafka) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      KafkaTestClients.consume(kafka.bootstrapServers(), "jointcs.not-in-the-catalogue", 1, Duration.ofSeconds(2));
      assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).doesNotContain("jointcs.not-in-the-catalogue");
    }
  }

  @Nested
  class NestedClasses {
    @Test
    void shareTheEnclosingClassBroker(TestKafka kafka) {
      assertThat(kafka.bootstrapServers()).isNotBlank();
    }
  }
}
