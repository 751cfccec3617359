package io.jointcs.deploy;

import io.jointcs.topics.TopicSpec;
import io.jointcs.topics.Topics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The agreements between manifests and code, each as a function returning the problems it finds (empty: agreed), so
 * the tests can also show that a broken manifest is caught.
 */
final class Checks {
  private Checks() {}

  static final String LIVE = "/q/health/live";
  static final String READY = "/q/health/ready";
  static final String STARTED = "/q/health/started";

  /** A topic as a manifest creates it. */
  record TopicRow(int partitions, String cleanupPolicy, long retentionMs) {}

  // ---------------------------------------------------------------- topics

  private static final Pattern SCRIPT_TOPIC = Pattern.compile("(?m)^topic\\s+(\\S+)\\s+(\\d+)\\s+(\\w+)\\s+(-?\\d+)\\s*$");

  /** The 'topic NAME PARTITIONS CLEANUP RETENTION_MS' lines of create-topics.sh. */
  static Map<String, TopicRow> scriptTopics(String script) {
    Map<String, TopicRow> rows = new LinkedHashMap<>();
    Matcher m = SCRIPT_TOPIC.matcher(script);
    while (m.find()) {
      rows.put(m.group(1), new TopicRow(Integer.parseInt(m.group(2)), m.group(3), Long.parseLong(m.group(4))));
    }
    return rows;
  }

  /** The KafkaTopic resources among these documents. */
  static Map<String, TopicRow> strimziTopics(List<Map<String, Object>> documents) {
    Map<String, TopicRow> rows = new LinkedHashMap<>();
    for (Map<String, Object> d : documents) {
      if ("KafkaTopic".equals(d.get("kind"))) {
        String name = Objects.requireNonNullElse(Maps.string(d, "spec.topicName"), Maps.string(d, "metadata.name"));
        Object partitions = Maps.at(d, "spec.partitions");
        // config keys contain dots: read them from the config map itself
        Map<String, Object> config = Maps.map(Maps.at(d, "spec.config"));
        Object retention = config.get("retention.ms");
        rows.put(name, new TopicRow(partitions == null ? -1 : Integer.parseInt(String.valueOf(partitions)),
            String.valueOf(config.get("cleanup.policy")),
            retention == null ? Long.MIN_VALUE : Long.parseLong(String.valueOf(retention))));
      }
    }
    return rows;
  }

  /** Differences between the topics a manifest creates and io.jointcs.topics.Topics. */
  static List<String> topicsAgree(Map<String, TopicRow> found, String where) {
    List<String> problems = new ArrayList<>();
    Set<String> expected = new LinkedHashSet<>();
    for (TopicSpec spec : Topics.all()) {
      expected.add(spec.name());
      TopicRow row = found.get(spec.name());
      if (row == null) {
        problems.add(where + ": topic " + spec.name() + " of the catalogue is missing");
        continue;
      }
      if (row.partitions() != spec.partitions()) {
        problems.add(where + ": " + spec.name() + " has " + row.partitions() + " partitions, the catalogue "
            + spec.partitions());
      }
      if (!spec.cleanupPolicy().kafkaValue().equals(row.cleanupPolicy())) {
        problems.add(where + ": " + spec.name() + " cleanup.policy " + row.cleanupPolicy() + ", the catalogue "
            + spec.cleanupPolicy().kafkaValue());
      }
      if (row.retentionMs() != spec.retentionMs()) {
        problems.add(where + ": " + spec.name() + " retention.ms " + row.retentionMs() + ", the catalogue "
            + spec.retentionMs());
      }
    }
    for (String name : found.keySet()) {
      if (!expected.contains(name)) {
        problems.add(where + ": topic " + name + " is not in the catalogue");
      }
    }
    return problems;
  }

  // ---------------------------------------------------------------- Kubernetes workloads

  static List<Map<String, Object>> ofKind(List<Map<String, Object>> documents, String kind) {
    return documents.stream().filter(d -> kind.equals(d.get("kind"))).toList();
  }

  static Map<String, Object> podSpec(Map<String, Object> workload) {
    return Maps.map(Maps.at(workload, "spec.template.spec"));
  }

  static List<Map<String, Object>> containers(Map<String, Object> workload) {
    return Maps.maps(podSpec(workload).get("containers"));
  }

  /** Names of the variables a container gets: env entries and the keys of envFrom ConfigMaps among the documents. */
  static List<String> variableNames(Map<String, Object> container, List<Map<String, Object>> documents,
      List<String> problems, String where) {
    List<String> names = new ArrayList<>();
    for (Map<String, Object> env : Maps.maps(container.get("env"))) {
      names.add(String.valueOf(env.get("name")));
    }
    for (Map<String, Object> from : Maps.maps(container.get("envFrom"))) {
      String configMap = Maps.string(from, "configMapRef.name");
      if (configMap == null) {
        problems.add(where + ": envFrom other than a ConfigMap cannot be checked: " + from);
        continue;
      }
      Map<String, Object> cm = Kustomize.find(documents, "ConfigMap", configMap);
      if (cm == null) {
        problems.add(where + ": envFrom ConfigMap " + configMap + " is not among the manifests");
        continue;
      }
      names.addAll(Maps.map(cm.get("data")).keySet());
    }
    return names;
  }

  /** The value of a plain env entry or of an envFrom ConfigMap key, or null. */
  static String variableValue(Map<String, Object> container, List<Map<String, Object>> documents, String name) {
    for (Map<String, Object> env : Maps.maps(container.get("env"))) {
      if (name.equals(env.get("name")) && env.get("value") != null) {
        return String.valueOf(env.get("value"));
      }
    }
    for (Map<String, Object> from : Maps.maps(container.get("envFrom"))) {
      Map<String, Object> cm = Kustomize.find(documents, "ConfigMap", Maps.string(from, "configMapRef.name"));
      if (cm != null && Maps.map(cm.get("data")).containsKey(name)) {
        return String.valueOf(Maps.map(cm.get("data")).get(name));
      }
    }
    return null;
  }

  /** The container port a probe or Service port refers to (a number, or the name of a container port). */
  static Integer resolvePort(Map<String, Object> container, Object port) {
    if (port == null) {
      return null;
    }
    if (port instanceof Number n) {
      return n.intValue();
    }
    for (Map<String, Object> p : Maps.maps(container.get("ports"))) {
      if (String.valueOf(port).equals(p.get("name"))) {
        return ((Number) p.get("containerPort")).intValue();
      }
    }
    try {
      return Integer.parseInt(String.valueOf(port));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  static List<String> probe(Map<String, Object> container, String probe, String expectedPath, int expectedPort,
      boolean required, String where) {
    List<String> problems = new ArrayList<>();
    Map<String, Object> p = Maps.map(container.get(probe));
    if (p.isEmpty()) {
      if (required) {
        problems.add(where + ": no " + probe);
      }
      return problems;
    }
    String path = Maps.string(p, "httpGet.path");
    Integer port = resolvePort(container, Maps.at(p, "httpGet.port"));
    if (!expectedPath.equals(path)) {
      problems.add(where + ": " + probe + " path " + path + ", expected " + expectedPath);
    }
    if (port == null || port != expectedPort) {
      problems.add(where + ": " + probe + " port " + port + ", the service listens on " + expectedPort);
    }
    return problems;
  }

  static List<String> resources(Map<String, Object> container, String where) {
    List<String> problems = new ArrayList<>();
    for (String kind : List.of("requests", "limits")) {
      for (String resource : List.of("cpu", "memory")) {
        if (Maps.at(container, "resources." + kind) == null
            || Maps.map(Maps.at(container, "resources." + kind)).get(resource) == null) {
          problems.add(where + ": no resources." + kind + "." + resource);
        }
      }
    }
    return problems;
  }

  /** A Quarkus service's Deployment (and its Service) against the service's own configuration. */
  static List<String> quarkusWorkload(ServiceConfig service, Map<String, Object> deployment,
      List<Map<String, Object>> documents, String where) {
    List<String> problems = new ArrayList<>();
    List<Map<String, Object>> containers = containers(deployment);
    if (containers.size() != 1) {
      problems.add(where + ": expected one container, found " + containers.size());
      return problems;
    }
    Map<String, Object> c = containers.get(0);
    if (!service.image().equals(c.get("image"))) {
      problems.add(where + ": image " + c.get("image") + ", the build makes " + service.image());
    }
    boolean portDeclared = Maps.maps(c.get("ports")).stream()
        .anyMatch(p -> Objects.equals(p.get("containerPort"), service.httpPort));
    if (!portDeclared) {
      problems.add(where + ": no containerPort " + service.httpPort + " (quarkus.http.port of " + service.folder + ")");
    }
    problems.addAll(probe(c, "readinessProbe", READY, service.httpPort, true, where));
    problems.addAll(probe(c, "livenessProbe", LIVE, service.httpPort, true, where));
    problems.addAll(probe(c, "startupProbe", STARTED, service.httpPort, false, where));
    problems.addAll(resources(c, where));
    List<String> names = variableNames(c, documents, problems, where);
    for (String name : names) {
      String why = service.unreadVariable(name);
      if (why != null) {
        problems.add(where + ": " + why);
      }
    }
    if (!names.contains("KAFKA_BOOTSTRAP_SERVERS")) {
      problems.add(where + ": KAFKA_BOOTSTRAP_SERVERS is not set");
    }
    String port = variableValue(c, documents, "QUARKUS_HTTP_PORT");
    if (port != null && !port.equals(String.valueOf(service.httpPort))) {
      problems.add(where + ": QUARKUS_HTTP_PORT " + port + " but probes and ports assume " + service.httpPort);
    }
    Map<String, Object> annotations = Maps.map(Maps.at(deployment, "spec.template.metadata.annotations"));
    if (annotations.containsKey("prometheus.io/port")
        && !String.valueOf(service.httpPort).equals(String.valueOf(annotations.get("prometheus.io/port")))) {
      problems.add(where + ": prometheus.io/port " + annotations.get("prometheus.io/port"));
    }
    if (annotations.containsKey("prometheus.io/path") && !"/q/metrics".equals(annotations.get("prometheus.io/path"))) {
      problems.add(where + ": prometheus.io/path " + annotations.get("prometheus.io/path") + ", Quarkus serves /q/metrics");
    }
    problems.addAll(serviceFor(deployment, c, documents, service.httpPort, where));
    return problems;
  }

  /** The Service selecting this workload's pods sends its ports to the container's port. */
  static List<String> serviceFor(Map<String, Object> workload, Map<String, Object> container,
      List<Map<String, Object>> documents, int expectedPort, String where) {
    List<String> problems = new ArrayList<>();
    Map<String, Object> podLabels = Maps.map(Maps.at(workload, "spec.template.metadata.labels"));
    List<Map<String, Object>> services = ofKind(documents, "Service").stream()
        .filter(s -> {
          Map<String, Object> selector = Maps.map(Maps.at(s, "spec.selector"));
          return !selector.isEmpty() && selector.entrySet().stream()
              .allMatch(e -> Objects.equals(podLabels.get(e.getKey()), e.getValue()));
        }).toList();
    if (services.isEmpty()) {
      problems.add(where + ": no Service selects its pods");
    }
    for (Map<String, Object> s : services) {
      for (Map<String, Object> port : Maps.maps(Maps.at(s, "spec.ports"))) {
        Object target = port.getOrDefault("targetPort", port.get("port"));
        Integer resolved = resolvePort(container, target);
        if (resolved == null || resolved != expectedPort) {
          problems.add(where + ": Service " + Maps.string(s, "metadata.name") + " port " + port.get("port")
              + " goes to " + target + " (" + resolved + "), the container listens on " + expectedPort);
        }
      }
    }
    return problems;
  }

  /** The device agent's container: its image, variables, options and admin port. */
  static List<String> agentContainer(AgentConfig agent, Map<String, Object> container, List<String> variables,
      List<Object> args, String adminPort, String where) {
    List<String> problems = new ArrayList<>();
    if (!AgentConfig.image().equals(container.get("image"))) {
      problems.add(where + ": image " + container.get("image") + ", the build makes " + AgentConfig.image());
    }
    for (String name : variables) {
      if (!agent.variables.contains(name)) {
        problems.add(where + ": the agent reads no variable " + name + " (DeviceAgentMain: " + agent.variables + ")");
      }
    }
    for (Object arg : args) {
      String a = String.valueOf(arg);
      if (a.startsWith("-") && !agent.options.contains(a.contains("=") ? a.substring(0, a.indexOf('=')) : a)) {
        problems.add(where + ": the agent has no option " + a);
      }
    }
    if (adminPort == null) {
      problems.add(where + ": JOINTCS_AGENT_ADMIN_PORT is not set: the admin port would be random");
    }
    return problems;
  }
}
