package io.jointcs.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointcs.topics.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** k8s/: every document parses, and each overlay, rendered, agrees with the services' configuration. */
class KubernetesManifestsTest {
  static List<Map<String, Object>> overlay(String name) {
    return Kustomize.render(Repo.path("k8s/overlays/" + name));
  }

  @Test
  void everyYamlFileParsesAndIsPartOfAKustomization() throws IOException {
    Set<Path> referenced = new LinkedHashSet<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(Repo.path("k8s"))) {
      files = walk.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList();
    }
    for (Path file : files) {
      List<Map<String, Object>> documents = Repo.yamlDocuments(file);
      assertThat(documents).as(file.toString()).isNotEmpty();
      for (Map<String, Object> d : documents) {
        assertThat(d).as(file + ": every document has apiVersion and kind").containsKeys("apiVersion", "kind");
      }
      if (file.getFileName().toString().equals("kustomization.yaml")) {
        Map<String, Object> k = documents.get(0);
        for (Object resource : Maps.list(k.get("resources"))) {
          referenced.add(file.getParent().resolve(String.valueOf(resource)).normalize());
        }
        for (Map<String, Object> patch : Maps.maps(k.get("patches"))) {
          referenced.add(file.getParent().resolve(String.valueOf(patch.get("path"))).normalize());
        }
      }
    }
    for (Path file : files) {
      if (!file.getFileName().toString().equals("kustomization.yaml")) {
        assertThat(referenced).as("no kustomization uses " + file).contains(file);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"laptop", "production"})
  void everyServiceAgreesWithItsConfiguration(String overlay) {
    List<Map<String, Object>> documents = overlay(overlay);
    List<String> problems = new ArrayList<>();
    for (String folder : ServiceConfig.QUARKUS_SERVICES) {
      ServiceConfig service = ServiceConfig.of(folder);
      Map<String, Object> deployment = Kustomize.find(documents, "Deployment", service.applicationName);
      assertThat(deployment).as(overlay + ": Deployment " + service.applicationName).isNotNull();
      problems.addAll(Checks.quarkusWorkload(service, deployment, documents, overlay + "/" + folder));
    }
    assertThat(problems).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"laptop", "production"})
  void everyWorkloadHasResourcesAndEverySecretOrConfigMapItNeedsIsThereOrOptionalOrDocumented(String overlay) {
    List<Map<String, Object>> documents = overlay(overlay);
    // created by the operator or by the commands in docs/deploy.md, never kept in the repository
    Set<String> external = Set.of("jointcs-kafka-user", "jointcs-cluster-ca-cert", "jointcs-ingestion-device-tokens",
        "jointcs-keda-kafka");
    List<String> problems = new ArrayList<>();
    List<Map<String, Object>> workloads = new ArrayList<>(Checks.ofKind(documents, "Deployment"));
    workloads.addAll(Checks.ofKind(documents, "StatefulSet"));
    workloads.addAll(Checks.ofKind(documents, "Job"));
    for (Map<String, Object> workload : workloads) {
      String where = overlay + "/" + Maps.string(workload, "metadata.name");
      assertThat(Checks.podSpec(workload).get("enableServiceLinks")).as(where + " enableServiceLinks").isEqualTo(false);
      for (Map<String, Object> c : Checks.containers(workload)) {
        problems.addAll(Checks.resources(c, where));
        for (Map<String, Object> env : Maps.maps(c.get("env"))) {
          String secret = Maps.string(env, "valueFrom.secretKeyRef.name");
          if (secret != null && Kustomize.find(documents, "Secret", secret) == null && !external.contains(secret)) {
            problems.add(where + ": Secret " + secret + " is neither generated nor documented");
          }
          String configMap = Maps.string(env, "valueFrom.configMapKeyRef.name");
          if (configMap != null && Kustomize.find(documents, "ConfigMap", configMap) == null) {
            problems.add(where + ": ConfigMap " + configMap + " is missing");
          }
        }
      }
      for (Map<String, Object> volume : Maps.maps(Checks.podSpec(workload).get("volumes"))) {
        String secret = Maps.string(volume, "secret.secretName");
        if (secret != null && Kustomize.find(documents, "Secret", secret) == null && !external.contains(secret)) {
          problems.add(where + ": Secret volume " + secret + " is neither generated nor documented");
        }
        String claim = Maps.string(volume, "persistentVolumeClaim.claimName");
        if (claim != null && Kustomize.find(documents, "PersistentVolumeClaim", claim) == null) {
          problems.add(where + ": PersistentVolumeClaim " + claim + " is missing");
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void onlyExampleSecretsAreInTheRepository() {
    List<Map<String, Object>> laptop = overlay("laptop");
    for (Map<String, Object> secret : Checks.ofKind(laptop, "Secret")) {
      for (Object value : Maps.map(secret.get("stringData")).values()) {
        assertThat(String.valueOf(value)).startsWith("# EXAMPLE ONLY");
      }
    }
    assertThat(Checks.ofKind(overlay("production"), "Secret")).isEmpty();
  }

  @Test
  void theLaptopAgentUsesOnlyOptionsAndVariablesTheAgentHas() {
    List<Map<String, Object>> documents = overlay("laptop");
    Map<String, Object> agent = Kustomize.find(documents, "Deployment", "device-agent");
    Map<String, Object> container = Checks.containers(agent).get(0);
    List<String> problems = new ArrayList<>();
    List<String> variables = Checks.variableNames(container, documents, problems, "laptop/device-agent");
    String adminPort = Checks.variableValue(container, documents, "JOINTCS_AGENT_ADMIN_PORT");

    problems.addAll(Checks.agentContainer(new AgentConfig(), container, variables, Maps.list(container.get("args")),
        adminPort, "laptop/device-agent"));
    problems.addAll(Checks.probe(container, "readinessProbe", "/status", Integer.parseInt(adminPort), true, "agent"));

    assertThat(problems).isEmpty();
  }

  @Test
  void kedaScalesTheExecutorsOnTheirGroupsLagWithinThePartitions() {
    for (String overlay : List.of("production")) {
      List<Map<String, Object>> documents = overlay(overlay);
      Map<String, Object> scaler = Kustomize.find(documents, "ScaledObject", "compression-execution");
      ServiceConfig executor = ServiceConfig.of("compression-execution");
      Map<String, Object> trigger = Maps.maps(Maps.at(scaler, "spec.triggers")).get(0);
      Map<String, Object> metadata = Maps.map(trigger.get("metadata"));
      Map<String, Object> target = Kustomize.find(documents, "Deployment",
          Maps.string(scaler, "spec.scaleTargetRef.name"));

      assertThat(target).as("scale target").isNotNull();
      assertThat(trigger.get("type")).isEqualTo("kafka");
      assertThat(metadata.get("topic")).isEqualTo(Topics.CANDIDATE_REQUESTS.name());
      assertThat(metadata.get("consumerGroup")).isEqualTo(executor.properties.get("jointcs.executor.group-id"));
      assertThat(((Number) Maps.at(scaler, "spec.maxReplicaCount")).intValue())
          .isBetween(1, Topics.CANDIDATE_REQUESTS.partitions());
      assertThat(Checks.variableNames(Checks.containers(target).get(0), documents, new ArrayList<>(), overlay))
          .contains(String.valueOf(metadata.get("bootstrapServersFromEnv")));
      String auth = Maps.string(trigger, "authenticationRef.name");
      assertThat(Kustomize.find(documents, "TriggerAuthentication", auth)).as("TriggerAuthentication " + auth).isNotNull();
    }
  }

  @Test
  void productionTalksSaslSslAndTheServicesReadThoseSettings() {
    List<Map<String, Object>> documents = overlay("production");
    Map<String, Object> kafka = Maps.map(Kustomize.find(documents, "ConfigMap", "jointcs-kafka").get("data"));

    assertThat(kafka).containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_SSL").containsEntry("KAFKA_SASL_MECHANISM",
        "SCRAM-SHA-512");
    for (String folder : ServiceConfig.QUARKUS_SERVICES) {
      ServiceConfig service = ServiceConfig.of(folder);
      assertThat(service.referencedVariables).as(folder)
          .contains("KAFKA_SECURITY_PROTOCOL", "KAFKA_SASL_MECHANISM", "KAFKA_SASL_JAAS_CONFIG");
    }
  }

  @Test
  void aWrongPortImageOrVariableIsCaught() {
    List<Map<String, Object>> documents = overlay("laptop");
    ServiceConfig training = ServiceConfig.of("predictor-training");
    Map<String, Object> deployment = Kustomize.find(documents, "Deployment", "predictor-training");
    Map<String, Object> container = Checks.containers(deployment).get(0);
    Maps.maps(container.get("ports")).get(0).put("containerPort", 8080);
    container.put("image", "jointcs/predictor-training:latest");
    Maps.list(container.get("env")).add(new java.util.LinkedHashMap<>(Map.of("name", "JOINTCS_TRAINING_MIN_SAMPLES",
        "value", "5")));
    Maps.list(container.get("env")).add(new java.util.LinkedHashMap<>(Map.of("name", "KAFKA_SASL_MECHANISMS",
        "value", "PLAIN")));

    List<String> problems = Checks.quarkusWorkload(training, deployment, documents, "mutated");

    assertThat(String.join("\n", problems)).contains("no containerPort 8082", "readinessProbe port 8080",
        "image jointcs/predictor-training:latest", "JOINTCS_TRAINING_MIN_SAMPLES is read by nothing",
        "KAFKA_SASL_MECHANISMS is not a Kafka client setting");
  }

  /** Where kubectl is installed, its kustomize renders what the tests' renderer renders. */
  @ParameterizedTest
  @ValueSource(strings = {"laptop", "production"})
  void kubectlKustomizeRendersTheSameWorkloadsAndVariables(String overlay) throws Exception {
    Process process;
    try {
      process = new ProcessBuilder("kubectl", "kustomize", Repo.path("k8s/overlays/" + overlay).toString())
          .redirectErrorStream(false).start();
    } catch (IOException e) {
      Assumptions.abort("kubectl is not installed");
      return;
    }
    String rendered = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    String errors = new String(process.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(errors).isZero();
    List<Map<String, Object>> kubectl = new ArrayList<>();
    for (Object d : new org.yaml.snakeyaml.Yaml().loadAll(rendered)) {
      if (d != null) {
        kubectl.add(Maps.map(d));
      }
    }
    List<Map<String, Object>> ours = overlay(overlay);

    assertThat(identities(ours)).containsExactlyInAnyOrderElementsOf(identities(kubectl));
    for (Map<String, Object> deployment : Checks.ofKind(kubectl, "Deployment")) {
      Map<String, Object> mine = Kustomize.find(ours, "Deployment", Maps.string(deployment, "metadata.name"));
      for (int i = 0; i < Checks.containers(deployment).size(); i++) {
        Map<String, Object> theirs = Checks.containers(deployment).get(i);
        Map<String, Object> our = Checks.containers(mine).get(i);
        assertThat(Checks.variableNames(our, ours, new ArrayList<>(), overlay))
            .containsExactlyInAnyOrderElementsOf(Checks.variableNames(theirs, kubectl, new ArrayList<>(), overlay));
        assertThat(our.get("image")).isEqualTo(theirs.get("image"));
        assertThat(our.get("resources")).isEqualTo(theirs.get("resources"));
      }
    }
  }

  private static List<String> identities(List<Map<String, Object>> documents) {
    return documents.stream().map(d -> d.get("kind") + "/" + Maps.string(d, "metadata.namespace") + "/"
        + Maps.string(d, "metadata.name")).toList();
  }
}
