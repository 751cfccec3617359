package io.jointcs.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * The 'images' profiles name the images the manifests use, with the settings each service needs. (Building them is
 * not part of the test suite: it needs a base image from a registry, or a tarball of one; see docs/deploy.md.)
 */
class ImageBuildConfigTest {
  @Test
  void theSharedProfileNamesImagesGroupNameVersionAndKeepsTarballsWithoutADaemon() {
    Map<String, String> shared = Poms.properties(
        Poms.child(Poms.profile(Repo.read("services/pom.xml"), "images"), "properties"));

    assertThat(shared).containsEntry("quarkus.container-image.build", "true")
        .containsEntry("quarkus.container-image.group", "${jointcs.image.group}")
        .containsEntry("jointcs.image.group", "jointcs")
        .containsEntry("quarkus.container-image.tag", "${project.version}")
        .containsEntry("quarkus.jib.base-jvm-image", "${jointcs.image.base}")
        .containsEntry("quarkus.jib.platforms", "linux/amd64");
    String loader = shared.get("quarkus.jib.docker-executable-name")
        .replace("${project.basedir}/../", "services/");
    assertThat(Files.isExecutable(Repo.path(loader))).as(loader + " is executable").isTrue();
    assertThat(shared.get("quarkus.jib.docker-environment.JOINTCS_IMAGE_TARBALL")).endsWith("/jib-image.tar");
  }

  @Test
  void everyQuarkusServiceBuildsItsImageWithJibAndTheDjlServicesRunOffline() {
    for (String folder : ServiceConfig.QUARKUS_SERVICES) {
      ServiceConfig service = ServiceConfig.of(folder);
      Element profile = Poms.profile(service.pom, "images");

      assertThat(profile).as(folder + " has an 'images' profile").isNotNull();
      assertThat(profile.getTextContent()).as(folder).contains("quarkus-container-image-jib");
      assertThat(service.usesExtension("quarkus-smallrye-health")).as(folder + " serves /q/health").isTrue();
      assertThat(service.usesExtension("quarkus-micrometer-registry-prometheus")).as(folder + " serves /q/metrics")
          .isTrue();
      assertThat(service.properties).as(folder + " keeps the default /q paths")
          .doesNotContainKeys("quarkus.http.non-application-root-path", "quarkus.smallrye-health.root-path",
              "quarkus.smallrye-health.liveness-path", "quarkus.smallrye-health.readiness-path",
              "quarkus.smallrye-health.startup-path");
      boolean djl = folder.equals("compression-execution") || folder.equals("search-orchestration");
      String jvmArguments = Poms.properties(Poms.child(profile, "properties"))
          .getOrDefault("quarkus.jib.jvm-additional-arguments", "");
      assertThat(jvmArguments.contains("-Dai.djl.offline=true")).as(folder + " runs DJL offline").isEqualTo(djl);
    }
  }

  @Test
  void theAgentImageCarriesBothPyTorchNativesForArmAndX86() {
    String pom = Repo.read("services/device-agent/pom.xml");
    String profile = Poms.profile(pom, "images").getTextContent();

    assertThat(profile).contains("jib-maven-plugin", "io.jointcs.agent.DeviceAgentMain", "linux-x86_64",
        "linux-aarch64", "amd64", "arm64", "-Dai.djl.offline=true", "${jointcs.image.group}/device-agent:${project.version}",
        "8090");
  }
}
