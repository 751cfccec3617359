package io.jointcs.cli.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the packaged services are in a built checkout: each Quarkus service's
 * {@code target/quarkus-app/quarkus-run.jar} ({@code mvn install} packages it), the device agent's classes and its
 * {@code target/classpath.txt}.
 */
public record ServiceLayout(Path home) {
  public static final String INGESTION = "profiling-ingestion";
  public static final String TRAINING = "predictor-training";
  public static final String EXECUTION = "compression-execution";
  public static final String ORCHESTRATION = "search-orchestration";
  public static final List<String> QUARKUS_SERVICES = List.of(INGESTION, TRAINING, EXECUTION, ORCHESTRATION);

  public Path quarkusJar(String service) {
    return home.resolve("services").resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
  }

  /** The agent's class path: its own classes, then its dependencies. */
  public String agentClassPath() throws IOException {
    Path target = home.resolve("services/device-agent/target");
    Path cp = target.resolve("classpath.txt");
    return target.resolve("classes") + java.io.File.pathSeparator + Files.readString(cp).trim();
  }

  /** @throws DemoFailure listing what is not built, and how to build it */
  public void requireBuilt() {
    List<Path> missing = new java.util.ArrayList<>();
    QUARKUS_SERVICES.stream().map(this::quarkusJar).filter(p -> !Files.isRegularFile(p)).forEach(missing::add);
    for (String p : List.of("services/device-agent/target/classpath.txt", "services/device-agent/target/classes")) {
      if (!Files.exists(home.resolve(p))) {
        missing.add(home.resolve(p));
      }
    }
    if (!missing.isEmpty()) {
      throw new DemoFailure("the services are not built: missing " + missing + "; build them with "
          + "'JOINTCS_REBUILD=1 ./jointcs demo' or 'mvn -B -DskipTests install'");
    }
  }
}
