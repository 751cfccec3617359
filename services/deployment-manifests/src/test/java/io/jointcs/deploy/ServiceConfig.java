package io.jointcs.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * What a Quarkus service's own configuration says about how it is deployed, read from its sources: application name
 * and HTTP port (application.properties), the configuration keys it knows (application.properties, set or
 * commented out, and its {@code @ConfigMapping} / {@code @ConfigProperty} declarations), the environment variables
 * its properties reference, and which extensions its pom uses.
 */
final class ServiceConfig {
  /** The Quarkus services, by folder under services/. */
  static final List<String> QUARKUS_SERVICES =
      List.of("profiling-ingestion", "predictor-training", "compression-execution", "search-orchestration");

  /**
   * Variables read by the base image's launcher (run-java.sh of the UBI OpenJDK runtime images), not by the service.
   */
  static final Set<String> BASE_IMAGE_VARIABLES = Set.of("JAVA_MAX_MEM_RATIO", "JAVA_OPTS_APPEND", "JAVA_OPTS");

  private static final Pattern PROPERTY_LINE = Pattern.compile("^#?\\s*(%[\\w-]+\\.)?([a-zA-Z][\\w.\"/-]*)\\s*=.*$");
  private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");
  private static final Pattern MAPPING_PREFIX = Pattern.compile("@ConfigMapping\\(prefix\\s*=\\s*\"([^\"]+)\"\\)");
  private static final Pattern MAPPING_METHOD = Pattern.compile("(?m)^  [A-Z][\\w<>, ?]*\\s+(\\w+)\\(\\);");
  private static final Pattern CONFIG_PROPERTY = Pattern.compile("@ConfigProperty\\(name\\s*=\\s*\"([^\"]+)\"");

  final String folder;
  final String applicationName;
  final int httpPort;
  final Map<String, String> properties;
  final Set<String> keys;
  final Set<String> referencedVariables;
  final String pom;

  private ServiceConfig(String folder) {
    this.folder = folder;
    Path module = Repo.path("services/" + folder);
    String text = Repo.read(module.resolve("src/main/resources/application.properties"));
    properties = new LinkedHashMap<>();
    keys = new LinkedHashSet<>();
    referencedVariables = new LinkedHashSet<>();
    for (String line : text.split("\n")) {
      Matcher m = PROPERTY_LINE.matcher(line.strip());
      if (m.matches()) {
        keys.add(m.group(2));
        if (!line.startsWith("#") && m.group(1) == null) {
          properties.put(m.group(2), line.substring(line.indexOf('=') + 1).strip());
        }
      }
      if (!line.startsWith("#")) {
        Matcher env = ENV_REFERENCE.matcher(line);
        while (env.find()) {
          referencedVariables.add(env.group(1));
        }
      }
    }
    keys.addAll(declaredKeys(module.resolve("src/main/java")));
    applicationName = properties.get("quarkus.application.name");
    httpPort = Integer.parseInt(properties.get("quarkus.http.port"));
    pom = Repo.read(module.resolve("pom.xml"));
  }

  static ServiceConfig of(String folder) {
    return new ServiceConfig(folder);
  }

  /** The service whose application name is this, or null. */
  static ServiceConfig byApplicationName(String name) {
    return QUARKUS_SERVICES.stream().map(ServiceConfig::of).filter(s -> s.applicationName.equals(name))
        .findFirst().orElse(null);
  }

  boolean usesExtension(String artifactId) {
    return pom.contains("<artifactId>" + artifactId + "</artifactId>");
  }

  /** The image the Jib extension names this service's image: group/application name:project version. */
  String image() {
    return "jointcs/" + applicationName + ":" + Repo.projectVersion();
  }

  /** MicroProfile Config's environment name of a key: upper case, every other character an underscore. */
  static String environmentName(String key) {
    return key.toUpperCase().replaceAll("[^A-Z0-9]", "_");
  }

  /**
   * Why the service would not read this environment variable, or null when it does: referenced by its
   * application.properties, the environment form of a key it knows, a Kafka client setting that Quarkus passes to
   * its Kafka clients (every KAFKA_* variable; not to Kafka Streams, which reads only what the properties
   * reference), or a variable of the base image's launcher.
   */
  String unreadVariable(String name) {
    if (referencedVariables.contains(name) || BASE_IMAGE_VARIABLES.contains(name)) {
      return null;
    }
    for (String key : keys) {
      if (environmentName(key).equals(name)) {
        return null;
      }
    }
    if (name.startsWith("KAFKA_")) {
      String setting = name.substring("KAFKA_".length()).toLowerCase().replace('_', '.');
      if (!KAFKA_CLIENT_SETTINGS.contains(setting)) {
        return name + " is not a Kafka client setting (" + setting + ")";
      }
      if (usesExtension("quarkus-kafka-streams")) {
        return name + " does not reach Kafka Streams: " + folder + "'s application.properties must reference it";
      }
      if (usesExtension("quarkus-kafka-client") || usesExtension("quarkus-messaging-kafka")) {
        return null;
      }
    }
    return name + " is read by nothing in " + folder + " (application.properties, @ConfigMapping, @ConfigProperty)";
  }

  private static final Set<String> KAFKA_CLIENT_SETTINGS = kafkaClientSettings();

  private static Set<String> kafkaClientSettings() {
    Set<String> names = new LinkedHashSet<>(ProducerConfig.configNames());
    names.addAll(ConsumerConfig.configNames());
    names.addAll(AdminClientConfig.configNames());
    return names;
  }

  private static Set<String> declaredKeys(Path sources) {
    Set<String> keys = new LinkedHashSet<>();
    try (Stream<Path> files = Files.walk(sources)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String java = Repo.read(file);
        Matcher prefix = MAPPING_PREFIX.matcher(java);
        if (prefix.find()) {
          Matcher method = MAPPING_METHOD.matcher(java);
          while (method.find()) {
            keys.add(prefix.group(1) + "." + kebab(method.group(1)));
          }
        }
        Matcher property = CONFIG_PROPERTY.matcher(java);
        while (property.find()) {
          keys.add(property.group(1));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return keys;
  }

  static String kebab(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
  }
}
