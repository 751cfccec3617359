package io.jointcs.events.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;

/** Every schema documents every field, numbers say their unit, and names agree with the unit. */
class SchemaDocumentationTest {
  private static final String NAMESPACE = "io.jointcs.events";
  private static final Path AVRO = ModulePaths.module().resolve("avro");

  @Test
  void everyAvscFileLivesInItsNamespaceFolderAndHasAGeneratedClass() throws Exception {
    List<Path> files = avscFiles();
    assertThat(files).hasSizeGreaterThan(EventTypes.all().size());

    for (Path file : files) {
      JsonNode json = new ObjectMapper().readTree(file.toFile());
      String fileName = file.getFileName().toString().replace(".avsc", "");
      String folderNamespace = AVRO.relativize(file.getParent()).toString().replace('/', '.');
      assertThat(json.path("name").asText()).as("name in %s", file).isEqualTo(fileName);
      assertThat(json.path("namespace").asText()).as("namespace in %s", file).isEqualTo(folderNamespace);
      Class<?> generated = Class.forName(NAMESPACE + "." + fileName);
      assertThat(SpecificData.get().getSchema(generated).getFullName()).isEqualTo(NAMESPACE + "." + fileName);
    }
  }

  @Test
  void everyTypeAndFieldIsDocumentedAndEveryNumberHasAUnitMatchingItsName() throws Exception {
    List<Schema> roots = new ArrayList<>();
    for (Path file : avscFiles()) {
      String name = file.getFileName().toString().replace(".avsc", "");
      roots.add(SpecificData.get().getSchema(Class.forName(NAMESPACE + "." + name)));
    }
    EventTypes.all().forEach(type -> SchemaHistory.of(type).forEach(version -> roots.add(version.schema())));

    List<String> problems = new ArrayList<>();
    for (Schema root : roots) {
      check(root, new HashSet<>(), problems);
    }

    assertThat(problems).isEmpty();
  }

  private static void check(Schema schema, Set<String> seen, List<String> problems) {
    switch (schema.getType()) {
      case UNION -> schema.getTypes().forEach(branch -> check(branch, seen, problems));
      case ARRAY -> check(schema.getElementType(), seen, problems);
      case MAP -> check(schema.getValueType(), seen, problems);
      case ENUM -> {
        if (seen.add(schema.getFullName()) && isBlank(schema.getDoc())) {
          problems.add(schema.getFullName() + ": enum has no doc");
        }
      }
      case RECORD -> {
        if (!seen.add(schema.getFullName())) {
          return;
        }
        if (isBlank(schema.getDoc())) {
          problems.add(schema.getFullName() + ": record has no doc");
        }
        for (Schema.Field field : schema.getFields()) {
          checkField(schema.getName() + "." + field.name(), field, problems);
          check(field.schema(), seen, problems);
        }
      }
      default -> { }
    }
  }

  private static void checkField(String where, Schema.Field field, List<String> problems) {
    String doc = field.doc();
    String name = field.name();
    if (isBlank(doc)) {
      problems.add(where + ": field has no doc");
      return;
    }
    if (isNumeric(field.schema()) && !doc.contains("Unit: ")) {
      problems.add(where + ": numeric field's doc does not say 'Unit: ...'");
    }
    boolean epochMs = doc.contains("Unit: epoch ms");
    boolean ms = doc.contains("Unit: ms.");
    boolean bytesPerSec = doc.contains("Unit: bytes/s.");
    boolean bytes = doc.contains("Unit: bytes.");
    requireSameTruth(where, "Unit: epoch ms", epochMs, "EpochMs", name.endsWith("EpochMs"), problems);
    requireSameTruth(where, "Unit: ms.", ms, "Ms (not EpochMs)", name.endsWith("Ms") && !name.endsWith("EpochMs"),
        problems);
    requireSameTruth(where, "Unit: bytes/s.", bytesPerSec, "BytesPerSec", name.endsWith("BytesPerSec"), problems);
    requireSameTruth(where, "Unit: bytes.", bytes, "Bytes (numeric)",
        name.endsWith("Bytes") && isNumeric(field.schema()), problems);
  }

  private static void requireSameTruth(String where, String unit, boolean hasUnit, String suffix, boolean hasSuffix,
      List<String> problems) {
    if (hasUnit != hasSuffix) {
      problems.add(where + ": '" + unit + "' in the doc goes with a name ending in " + suffix
          + " (doc says " + hasUnit + ", name says " + hasSuffix + ")");
    }
  }

  private static boolean isNumeric(Schema schema) {
    return switch (schema.getType()) {
      case INT, LONG, FLOAT, DOUBLE -> true;
      case UNION -> schema.getTypes().stream().anyMatch(SchemaDocumentationTest::isNumeric);
      case ARRAY -> isNumeric(schema.getElementType());
      case MAP -> isNumeric(schema.getValueType());
      default -> false;
    };
  }

  private static boolean isBlank(String text) {
    return text == null || text.isBlank();
  }

  private static List<Path> avscFiles() throws IOException {
    try (Stream<Path> walk = Files.walk(AVRO)) {
      return walk.filter(path -> path.toString().endsWith(".avsc")).sorted().toList();
    }
  }
}
