package io.jointcs.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What the images are built with (the 'images' profiles, the Debian base image of
 * services/deployment-manifests/src/main/base-image) agrees with how compose and Kubernetes run them: the base per
 * architecture, the user, the JVM's memory share, the ports, and the curl the health checks call.
 */
class ImageRuntimeAgreementTest {
  static final String BASE_IMAGE_DIR = "services/deployment-manifests/src/main/base-image/";
  private static final List<String> OVERLAYS = List.of("laptop", "production");
  private static final Pattern MAX_RAM = Pattern.compile("-XX:MaxRAMPercentage=(\\d+(?:\\.\\d+)?)");

  static Map<String, String> sharedProperties() {
    return Poms.properties(Poms.child(Poms.profile(Repo.read("services/pom.xml"), "images"), "properties"));
  }

  static Element agentJibPlugin() {
    Element profile = Poms.profile(Repo.read("services/device-agent/pom.xml"), "images");
    NodeList plugins = profile.getElementsByTagName("plugin");
    for (int i = 0; i < plugins.getLength(); i++) {
      Element plugin = (Element) plugins.item(i);
      if ("jib-maven-plugin".equals(Poms.child(plugin, "artifactId").getTextContent().strip())) {
        return plugin;
      }
    }
    throw new AssertionError("no jib-maven-plugin in the device agent's images profile");
  }

  static String text(Element parent, String path) {
    Element current = parent;
    for (String name : path.split("/")) {
      current = Poms.child(current, name);
      if (current == null) {
        return null;
      }
    }
    return current.getTextContent().strip();
  }

  @Test
  void theBaseIsPinnedAndTheAgentsTwoImagesEachTakeTheBaseOfTheirArchitecture() {
    Map<String, String> shared = sharedProperties();
    String base = shared.get("jointcs.image.base");
    assertThat(base).as("jointcs.image.base").isNotBlank().doesNotEndWith(":latest");
    assertThat(base.startsWith("tar://") || base.matches(".+[:@].+")).as("a pinned tag or digest: " + base).isTrue();
    assertThat(shared).containsEntry("jointcs.image.base.amd64", "${jointcs.image.base}")
        .containsEntry("jointcs.image.base.arm64", "${jointcs.image.base}");

    Map<String, String> tarballs = new LinkedHashMap<>();
    NodeList executions = agentJibPlugin().getElementsByTagName("execution");
    for (int i = 0; i < executions.getLength(); i++) {
      Element execution = (Element) executions.item(i);
      Element configuration = Poms.child(execution, "configuration");
      String architecture = text(configuration, "from/platforms/platform/architecture");
      assertThat(Poms.child(configuration, "from").getElementsByTagName("platform").getLength())
          .as("execution " + text(execution, "id") + " builds one platform").isEqualTo(1);
      assertThat(text(configuration, "from/image")).as("the base of the " + architecture + " image")
          .isEqualTo("${jointcs.image.base." + architecture + "}");
      tarballs.put(architecture, text(configuration, "outputPaths/tar"));
    }
    assertThat(tarballs).containsOnlyKeys("amd64", "arm64");
    tarballs.forEach((arch, tar) -> assertThat(tar).endsWith("/jib-image-" + arch + ".tar"));
  }

  /** JAVA_MAX_MEM_RATIO only works on the UBI base (run-java.sh); the JVM flag makes it hold on any base. */
  static List<String> memoryShareProblems(String service, String jvmArguments, Map<String, String> ratiosByWhere) {
    List<String> problems = new ArrayList<>();
    Matcher flag = MAX_RAM.matcher(jvmArguments);
    String percentage = flag.find() ? flag.group(1) : null;
    ratiosByWhere.forEach((where, ratio) -> {
      if (ratio != null && !ratio.equals(percentage)) {
        problems.add(where + " sets JAVA_MAX_MEM_RATIO=" + ratio + " but the " + service + " image's JVM arguments "
            + (percentage == null ? "have no -XX:MaxRAMPercentage" : "say -XX:MaxRAMPercentage=" + percentage)
            + " (the ratio is read only by the UBI base's run-java.sh)");
      }
    });
    if (percentage != null && ratiosByWhere.values().stream().noneMatch(percentage::equals)) {
      problems.add("the " + service + " image sets -XX:MaxRAMPercentage=" + percentage
          + " but neither compose nor Kubernetes asks for JAVA_MAX_MEM_RATIO=" + percentage);
    }
    return problems;
  }

  @Test
  void theJavaHeapShareComposeAndKubernetesAskForHoldsOnAnyBase() {
    Map<String, Object> compose = ComposeTest.compose();
    Map<String, List<Map<String, Object>>> overlays = new LinkedHashMap<>();
    OVERLAYS.forEach(o -> overlays.put(o, KubernetesManifestsTest.overlay(o)));
    List<String> problems = new ArrayList<>();
    for (String folder : ServiceConfig.QUARKUS_SERVICES) {
      ServiceConfig service = ServiceConfig.of(folder);
      Map<String, String> ratios = new LinkedHashMap<>();
      ratios.put("docker-compose.yml/" + service.applicationName,
          ComposeTest.environment(ComposeTest.service(compose, service.applicationName)).get("JAVA_MAX_MEM_RATIO"));
      overlays.forEach((name, documents) -> {
        Map<String, Object> deployment = Kustomize.find(documents, "Deployment", service.applicationName);
        assertThat(deployment).as(name + " has a Deployment " + service.applicationName).isNotNull();
        ratios.put("k8s/overlays/" + name + "/" + service.applicationName,
            Checks.variableValue(Checks.containers(deployment).get(0), documents, "JAVA_MAX_MEM_RATIO"));
      });
      String jvmArguments = Poms.properties(Poms.child(Poms.profile(service.pom, "images"), "properties"))
          .getOrDefault("quarkus.jib.jvm-additional-arguments", "");
      problems.addAll(memoryShareProblems(folder, jvmArguments, ratios));
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void aHeapShareTheImageDoesNotCarryIsCaught() {
    assertThat(memoryShareProblems("x", "-Dai.djl.offline=true", Map.of("compose/x", "50"))).singleElement()
        .asString().contains("no -XX:MaxRAMPercentage");
    assertThat(memoryShareProblems("x", "-XX:MaxRAMPercentage=75", Map.of("compose/x", "50"))).hasSize(2);
    assertThat(memoryShareProblems("x", "-XX:MaxRAMPercentage=50", Map.of("compose/x", "50"))).isEmpty();
    Map<String, String> unset = new LinkedHashMap<>();
    unset.put("compose/x", null);
    assertThat(memoryShareProblems("x", "", unset)).isEmpty();
  }

  @Test
  void everyImageRunsAsUser185WhomComposeAndKubernetesExpect() {
    // the Debian base: user 185 (group 0, home = the Quarkus images' working directory), and the config's User
    String passwd = Repo.read(BASE_IMAGE_DIR + "finish-rootfs");
    assertThat(passwd).contains("jboss:x:185:0:JBoss user:/home/jboss:");
    assertThat(Repo.read(BASE_IMAGE_DIR + "build-base-image")).contains("\"User\":\"185\"")
        .contains("\"WorkingDir\":\"/home/jboss\"");
    // Quarkus' images take the base's user unless told otherwise
    assertThat(sharedProperties().getOrDefault("quarkus.jib.user", "185")).isEqualTo("185");
    for (String folder : ServiceConfig.QUARKUS_SERVICES) {
      Map<String, String> own = Poms.properties(Poms.child(Poms.profile(ServiceConfig.of(folder).pom, "images"),
          "properties"));
      assertThat(own.getOrDefault("quarkus.jib.user", "185")).as(folder).isEqualTo("185");
      assertThat(own.getOrDefault("quarkus.jib.working-directory", "/home/jboss")).as(folder)
          .isEqualTo("/home/jboss");
    }
    assertThat(text(agentJibPlugin(), "configuration/container/user")).isEqualTo("185");

    // Kubernetes: every pod running a jointcs image runs as 185
    for (String overlay : OVERLAYS) {
      for (Map<String, Object> deployment : Checks.ofKind(KubernetesManifestsTest.overlay(overlay), "Deployment")) {
        boolean ours = Checks.containers(deployment).stream()
            .anyMatch(c -> String.valueOf(c.get("image")).startsWith("jointcs/"));
        if (ours) {
          assertThat(Maps.string(Checks.podSpec(deployment), "securityContext.runAsUser"))
              .as(overlay + "/" + Maps.string(deployment, "metadata.name") + " runAsUser").isEqualTo("185");
        }
      }
    }
    // compose hands the shared volumes to 185:0
    String permissions = String.join(" ", Maps.list(Maps.at(ComposeTest.compose(), "services.volume-permissions.entrypoint"))
        .stream().map(String::valueOf).toList());
    assertThat(permissions).contains("chown -R 185:0");
  }

  @Test
  void theBaseImageHasTheCommandTheHealthChecksCall() {
    Matcher include = Pattern.compile("packages=\"([^\"]+)\"").matcher(Repo.read(BASE_IMAGE_DIR + "build-base-image"));
    assertThat(include.find()).as("build-base-image names its packages").isTrue();
    List<String> packages = List.of(include.group(1).split(","));
    assertThat(packages).contains("openjdk-17-jre-headless", "ca-certificates");
    Map<String, Object> services = Maps.map(ComposeTest.compose().get("services"));
    services.forEach((name, value) -> {
      Map<String, Object> service = Maps.map(value);
      if (!String.valueOf(service.get("image")).startsWith("jointcs/")) {
        return;
      }
      List<Object> test = Maps.list(Maps.at(service, "healthcheck.test"));
      assertThat(test).as(name + " has a health check").isNotEmpty();
      assertThat(test.get(0)).as(name + ": exec form, no shell needed").isEqualTo("CMD");
      String command = String.valueOf(test.get(1));
      assertThat(packages).as(name + "'s health check runs " + command + ", which the base image must have")
          .contains(command);
    });
  }

  @Test
  void theAgentImageExposesItsAdminPortWhereComposeAndKubernetesLookForIt() {
    Element container = Poms.child(Poms.child(agentJibPlugin(), "configuration"), "container");
    String port = text(container, "ports/port");
    assertThat(text(container, "environment/JOINTCS_AGENT_ADMIN_PORT")).isEqualTo(port);
    Map<String, Object> agent = ComposeTest.service(ComposeTest.compose(), "device-agent");
    assertThat(ComposeTest.environment(agent).getOrDefault("JOINTCS_AGENT_ADMIN_PORT", port)).isEqualTo(port);
    assertThat(Maps.list(agent.get("ports")).stream().map(String::valueOf)).anyMatch(p -> p.endsWith(":" + port));
    List<Map<String, Object>> laptop = KubernetesManifestsTest.overlay("laptop");
    Map<String, Object> k8sAgent = Checks.containers(Kustomize.find(laptop, "Deployment", "device-agent")).get(0);
    String k8sPort = Checks.variableValue(k8sAgent, laptop, "JOINTCS_AGENT_ADMIN_PORT");
    assertThat(k8sPort == null ? port : k8sPort).isEqualTo(port);
    // the agent runs DJL offline on any base, like the services
    String flags = text(container, "jvmFlags");
    assertThat(flags).contains("-Dai.djl.offline=true");
  }
}
