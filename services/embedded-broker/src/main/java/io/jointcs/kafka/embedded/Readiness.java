package io.jointcs.kafka.embedded;

import io.jointcs.topics.TopicSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * What makes a fresh broker ready for the platform, whichever runs it (this JVM or a container): the topics
 * created and led, then a produce + consume round trip through a consumer group ({@link WarmUp}).
 */
final class Readiness {
  private Readiness() {}

  /** Creates the missing topics (and the warm-up topic), runs the round trip; returns when the record was accepted. */
  static long topicsAndRoundTrip(String bootstrap, List<TopicSpec> topics, Duration timeout) throws Exception {
    List<TopicSpec> all = new ArrayList<>(topics);
    all.add(WarmUp.TOPIC);
    try (Admin admin = Admin.create(Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis()))) {
      TopicInstaller.ensure(admin, all, timeout);
    }
    return WarmUp.roundTrip(bootstrap, timeout);
  }
}
