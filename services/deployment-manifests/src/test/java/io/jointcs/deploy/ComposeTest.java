package io.jointcs.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** docker-compose.yml: the same images, ports, variables and health endpoints as the services' configuration. */
class ComposeTest {
  static Map<String, Object> compose() {
    return Repo.yaml(Repo.path("docker-compose.yml"));
  }

  static Map<String, Object> service(Map<String, Object> compose, String name) {
    return Maps.map(Maps.at(compose, "services." + name));
  }

  /** Compose's environment as a map (a mapping, or a list of NAME=value). */
  static Map<String, String> environment(Map<String, Object> service) {
    Map<String, String> env = new java.util.LinkedHashMap<>();
    Object raw = service.get("environment");
    if (raw instanceof Map<?, ?> m) {
      m.forEach((k, v) -> env.put(String.valueOf(k), v == null ? null : String.valueOf(v)));
    } else {
      for (Object entry : Maps.list(raw)) {
        String s = String.valueOf(entry);
        int eq = s.indexOf('=');
        env.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? null : s.substring(eq + 1));
      }
    }
    return env;
  }

  static List<String> checkQuarkusService(ServiceConfig service, Map<String, Object> s) {
    String where = "docker-compose.yml/" + service.applicationName;
    List<String> problems = new ArrayList<>();
    if (!service.image().equals(s.get("image"))) {
      problems.add(where + ": image " + s.get("image") + ", the build makes " + service.image());
    }
    Map<String, String> env = environment(s);
    for (String name : env.keySet()) {
      String why = service.unreadVariable(name);
      if (why != null) {
        problems.add(where + ": " + why);
      }
    }
    if (env.containsKey("QUARKUS_HTTP_PORT") && !env.get("QUARKUS_HTTP_PORT").equals(String.valueOf(service.httpPort))) {
      problems.add(where + ": QUARKUS_HTTP_PORT " + env.get("QUARKUS_HTTP_PORT") + ", expected " + service.httpPort);
    }
    if (!env.containsKey("KAFKA_BOOTSTRAP_SERVERS")) {
      problems.add(where + ": KAFKA_BOOTSTRAP_SERVERS is not set");
    }
    boolean published = Maps.list(s.get("ports")).stream().map(String::valueOf)
        .anyMatch(p -> p.endsWith(":" + service.httpPort));
    if (!published) {
      problems.add(where + ": container port " + service.httpPort + " is not published");
    }
    String health = String.join(" ", Maps.list(Maps.at(s, "healthcheck.test")).stream().map(String::valueOf).toList());
    if (!health.contains("http://localhost:" + service.httpPort + Checks.READY)) {
      problems.add(where + ": the health check does not ask " + Checks.READY + " on port " + service.httpPort
          + ": " + health);
    }
    if (!"service_completed_successfully".equals(Maps.string(s, "depends_on.kafka-topics.condition"))) {
      problems.add(where + ": does not wait for the topics (depends_on kafka-topics: service_completed_successfully)");
    }
    return problems;
  }

  @Test
  void everyServiceAgreesWithItsConfiguration() {
    Map<String, Object> compose = compose();
    List<String> problems = new ArrayList<>();
    for (String folder : ServiceConfig.QUARKUS_SERVICES) {
      ServiceConfig service = ServiceConfig.of(folder);
      Map<String, Object> s = service(compose, service.applicationName);
      assertThat(s).as("compose service " + service.applicationName).isNotEmpty();
      problems.addAll(checkQuarkusService(service, s));
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void theDeviceAgentUsesOnlyOptionsAndVariablesTheAgentHasAndWaitsForHealthyServices() {
    Map<String, Object> agent = service(compose(), "device-agent");
    Map<String, String> env = environment(agent);

    List<String> problems = Checks.agentContainer(new AgentConfig(), agent, List.copyOf(env.keySet()),
        Maps.list(agent.get("command")), env.get("JOINTCS_AGENT_ADMIN_PORT"), "docker-compose.yml/device-agent");

    assertThat(problems).isEmpty();
    assertThat(Maps.list(Maps.at(agent, "healthcheck.test")))
        .contains("http://localhost:" + env.get("JOINTCS_AGENT_ADMIN_PORT") + "/status");
    for (Object dependency : Maps.map(agent.get("depends_on")).keySet()) {
      assertThat(Maps.string(agent, "depends_on." + dependency + ".condition")).isEqualTo("service_healthy");
    }
  }

  @Test
  void theBrokerIsTheClientsKafkaReleaseAndServicesShareTheArtifactVolume() {
    Map<String, Object> compose = compose();
    String kafkaVersion = Poms.property(Repo.read("pom.xml"), "kafka.version");

    assertThat(Maps.string(compose, "services.kafka.image")).isEqualTo("apache/kafka:" + kafkaVersion);
    assertThat(Maps.string(compose, "services.kafka-topics.image")).isEqualTo("apache/kafka:" + kafkaVersion);
    for (String name : List.of("compression-execution", "search-orchestration")) {
      Map<String, Object> s = service(compose, name);
      String root = environment(s).get("JOINTCS_ARTIFACTS_ROOT");
      assertThat(Maps.list(s.get("volumes"))).as(name).contains("artifacts:" + root);
    }
  }

  @Test
  void secretsComeFromFilesMarkedAsExamples() {
    for (Map.Entry<String, Object> secret : Maps.map(compose().get("secrets")).entrySet()) {
      String file = Maps.string(Maps.map(secret.getValue()), "file");
      assertThat(file).as(secret.getKey()).contains(".example.");
      assertThat(Repo.read(Repo.root().resolve(file).normalize())).startsWith("# EXAMPLE ONLY");
    }
  }

  @Test
  void aServiceOnTheWrongPortIsCaught() {
    ServiceConfig ingestion = ServiceConfig.of("profiling-ingestion");
    Map<String, Object> s = Maps.map(Maps.deepCopy(service(compose(), "profiling-ingestion")));
    Maps.map(s.get("environment")).put("QUARKUS_HTTP_PORT", 8080);
    s.put("healthcheck", Map.of("test", List.of("CMD", "curl", "-fsS", "http://localhost:8080/q/health/ready")));

    assertThat(String.join("\n", checkQuarkusService(ingestion, s)))
        .contains("QUARKUS_HTTP_PORT 8080", "does not ask /q/health/ready on port 8081");
  }
}
