package io.jointcs.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointcs.topics.Topics;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every way the deployment creates topics creates exactly the catalogue's, with its partitions and retention. */
class TopicManifestsTest {
  static final String SCRIPT = "k8s/topics/job/create-topics.sh";

  @Test
  void theTopicScriptCreatesExactlyTheCatalogue() {
    // Given the script compose and the Kubernetes Job run
    String script = Repo.read(SCRIPT);

    // Then its topics are the catalogue's
    assertThat(Checks.topicsAgree(Checks.scriptTopics(script), SCRIPT)).isEmpty();
    assertThat(Checks.scriptTopics(script)).hasSize(Topics.all().size());
  }

  @Test
  void strimziTopicsAreExactlyTheCatalogue() {
    List<Map<String, Object>> documents = Kustomize.render(Repo.path("k8s/topics/strimzi"));

    assertThat(Checks.topicsAgree(Checks.strimziTopics(documents), "k8s/topics/strimzi")).isEmpty();
    for (Map<String, Object> topic : Checks.ofKind(documents, "KafkaTopic")) {
      assertThat(Maps.map(Maps.at(topic, "metadata.labels"))).containsEntry("strimzi.io/cluster", "jointcs");
    }
  }

  @Test
  void composeRunsTheScriptOnceTheBrokerIsHealthyAndNoClientCreatesTopics() {
    Map<String, Object> compose = Repo.yaml(Repo.path("docker-compose.yml"));
    Map<String, Object> topics = Maps.map(Maps.at(compose, "services.kafka-topics"));

    assertThat(Maps.list(topics.get("volumes")))
        .contains("./" + SCRIPT + ":/opt/jointcs/create-topics.sh:ro");
    assertThat(Maps.list(topics.get("entrypoint"))).contains("/opt/jointcs/create-topics.sh");
    assertThat(Maps.string(topics, "depends_on.kafka.condition")).isEqualTo("service_healthy");
    assertThat(Maps.string(compose, "services.kafka.environment.KAFKA_AUTO_CREATE_TOPICS_ENABLE")).isEqualTo("false");
  }

  @Test
  void theKubernetesJobRunsTheSameScript() {
    List<Map<String, Object>> documents = Kustomize.render(Repo.path("k8s/topics/job"));
    Map<String, Object> script = Kustomize.find(documents, "ConfigMap", "jointcs-create-topics");
    Map<String, Object> job = Kustomize.find(documents, "Job", "jointcs-create-topics");

    assertThat(Maps.map(script.get("data"))).containsEntry("create-topics.sh", Repo.read(SCRIPT));
    assertThat(Maps.list(Checks.containers(job).get(0).get("command"))).contains("/opt/jointcs/create-topics.sh");
    assertThat(Maps.maps(Checks.podSpec(job).get("volumes")))
        .anySatisfy(v -> assertThat(Maps.string(v, "configMap.name")).isEqualTo("jointcs-create-topics"));
  }

  @Test
  void eachOverlayCreatesTopicsOneWay() {
    List<Map<String, Object>> laptop = Kustomize.render(Repo.path("k8s/overlays/laptop"));
    List<Map<String, Object>> production = Kustomize.render(Repo.path("k8s/overlays/production"));

    assertThat(Checks.ofKind(laptop, "Job")).hasSize(1);
    assertThat(Checks.ofKind(laptop, "KafkaTopic")).isEmpty();
    assertThat(Checks.topicsAgree(Checks.strimziTopics(production), "overlays/production")).isEmpty();
    assertThat(Checks.ofKind(production, "Job")).isEmpty();
  }

  @Test
  void aMissingOrChangedTopicIsCaught() {
    String script = Repo.read(SCRIPT);
    String withoutPlans = script.replace("topic jointcs.plans 6 compact -1\n", "");
    String fewerPartitions = script.replace("topic jointcs.candidates.requests 12 ", "topic jointcs.candidates.requests 6 ");
    String wrongRetention = script.replace("topic jointcs.search.events 3 delete -1", "topic jointcs.search.events 3 delete 604800000");
    String wrongPolicy = script.replace("topic jointcs.devices 3 compact -1", "topic jointcs.devices 3 delete -1");

    assertThat(Checks.topicsAgree(Checks.scriptTopics(withoutPlans), "x")).singleElement().asString()
        .contains("jointcs.plans", "missing");
    assertThat(Checks.topicsAgree(Checks.scriptTopics(fewerPartitions), "x")).singleElement().asString()
        .contains("6 partitions", "12");
    assertThat(Checks.topicsAgree(Checks.scriptTopics(wrongRetention), "x")).singleElement().asString()
        .contains("retention.ms");
    assertThat(Checks.topicsAgree(Checks.scriptTopics(wrongPolicy), "x")).singleElement().asString()
        .contains("cleanup.policy");
  }
}
