package io.jointcs.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** The checkout the manifests live in, and YAML read from it. */
final class Repo {
  private Repo() {}

  /** The repository root: system property jointcs.repo.root (set by the pom), else two levels above this module. */
  static Path root() {
    String configured = System.getProperty("jointcs.repo.root");
    Path root = configured != null ? Path.of(configured) : Path.of("../..");
    return root.toAbsolutePath().normalize();
  }

  /** The project version the images are tagged with (jointcs.project.version, set by the pom). */
  static String projectVersion() {
    return Objects.requireNonNull(System.getProperty("jointcs.project.version"),
        "system property jointcs.project.version (set by the module's surefire configuration)");
  }

  static Path path(String relative) {
    return root().resolve(relative);
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(String relative) {
    return read(path(relative));
  }

  /** Every non-empty YAML document of a file, as maps (a document that is not a mapping fails). */
  static List<Map<String, Object>> yamlDocuments(Path file) {
    List<Map<String, Object>> documents = new ArrayList<>();
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    for (Object document : new Yaml(options).loadAll(read(file))) {
      if (document == null) {
        continue;
      }
      if (!(document instanceof Map)) {
        throw new IllegalArgumentException(file + ": a YAML document that is not a mapping: " + document);
      }
      documents.add(Maps.map(document));
    }
    return documents;
  }

  static Map<String, Object> yaml(Path file) {
    List<Map<String, Object>> documents = yamlDocuments(file);
    if (documents.size() != 1) {
      throw new IllegalArgumentException(file + ": expected one YAML document, found " + documents.size());
    }
    return documents.get(0);
  }
}
