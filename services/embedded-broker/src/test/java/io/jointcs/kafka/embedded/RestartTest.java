package io.jointcs.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointcs.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestartTest {
  @TempDir Path dataDir;

  @Test
  void aRestartOnTheSameDirectoryKeepsTheRecordsAndTheClusterId() throws Exception {
    // Given a broker on a persistent directory that accepted records, then stopped cleanly
    String topic = Topics.SEARCH_EVENTS.name();
    EmbeddedKafkaBroker.Builder builder = EmbeddedKafkaBroker.builder()
        .dataDir(dataDir)
        .topics(List.of(Topics.SEARCH_EVENTS));
    String clusterId;
    int nodeId;
    try (EmbeddedKafkaBroker first = builder.start()) {
      assertThat(first.temporaryDataDir()).isFalse();
      clusterId = first.clusterId();
      nodeId = first.nodeId();
      KafkaTestClients.produce(first.bootstrapServers(), topic, Map.of("s1", "created", "s2", "created"));
    }
    assertThat(dataDir.resolve("meta.properties")).exists();

    // When it starts again on the same directory
    try (EmbeddedKafkaBroker second = builder.start()) {
      List<ConsumerRecord<String, String>> records =
          KafkaTestClients.consume(second.bootstrapServers(), topic, 2, Duration.ofSeconds(20));

      // Then the earlier records are there, under the same cluster and node
      assertThat(second.clusterId()).isEqualTo(clusterId);
      assertThat(second.nodeId()).isEqualTo(nodeId);
      assertThat(records).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("s1", "s2");
    }
    assertThat(dataDir).isDirectoryContaining(path -> path.getFileName().toString().startsWith(topic));
  }
}
