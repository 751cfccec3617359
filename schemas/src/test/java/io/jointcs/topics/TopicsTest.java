package io.jointcs.topics;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointcs.events.codec.EventTypes;
import io.jointcs.events.codec.ModulePaths;
import io.jointcs.topics.TopicSpec.CleanupPolicy;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class TopicsTest {
  private static final String EVENTS_DOC = "docs/events.md";

  @Test
  void everyValueSchemaIsAGeneratedEventWithThatFullName() throws Exception {
    for (TopicSpec topic : Topics.all()) {
      Class<?> generated = Class.forName(topic.valueSchema());
      assertThat(SpecificRecord.class).isAssignableFrom(generated);
      assertThat(SpecificData.get().getSchema(generated).getFullName()).isEqualTo(topic.valueSchema());
      Optional<Class<? extends SpecificRecord>> event = EventTypes.byFullName(topic.valueSchema());
      assertThat(event).as("%s is listed in EventTypes", topic.valueSchema()).contains(
          generated.asSubclass(SpecificRecord.class));
    }
  }

  @Test
  void namesAreUniqueAndNamespacedAndCompactedTopicsKeepTheirLatestValueForever() {
    List<String> names = Topics.all().stream().map(TopicSpec::name).toList();

    assertThat(names).doesNotHaveDuplicates().allMatch(name -> name.startsWith("jointcs."));
    assertThat(Topics.all()).filteredOn(topic -> topic.cleanupPolicy() == CleanupPolicy.COMPACT)
        .isNotEmpty()
        .allSatisfy(topic -> assertThat(topic.retentionMs()).isEqualTo(-1L));
  }

  @Test
  void eventsDocDescribesEveryTopicAsTheCatalogueDefinesIt() throws Exception {
    String doc = Files.readString(ModulePaths.repository().resolve(EVENTS_DOC));

    for (TopicSpec topic : Topics.all()) {
      String row = doc.lines().filter(line -> line.startsWith("| `" + topic.name() + "` |")).findFirst()
          .orElseThrow(() -> new AssertionError(EVENTS_DOC + " has no table row for topic " + topic.name()));
      String[] cells = row.split("(?<!\\\\)\\|"); // cells are separated by pipes not escaped as \\|
      // | topic | key | value | partitions | cleanup | retention | purpose |
      assertThat(cells[3]).as("value of %s", topic.name()).contains(simpleName(topic.valueSchema()));
      assertThat(cells[4].trim()).as("partitions of %s", topic.name()).isEqualTo(
          Integer.toString(topic.partitions()));
      assertThat(cells[5].trim()).as("cleanup of %s", topic.name()).isEqualTo(topic.cleanupPolicy().kafkaValue());
      assertThat(cells[6].trim()).as("retention of %s", topic.name()).isEqualTo(retention(topic.retention()));
    }
  }

  @Test
  void eventsDocHasASectionForEveryEvent() throws Exception {
    String doc = Files.readString(ModulePaths.repository().resolve(EVENTS_DOC));

    for (Class<? extends SpecificRecord> type : EventTypes.all()) {
      String heading = "\n### " + type.getSimpleName() + "\n";
      assertThat(doc).as("section for %s", type.getSimpleName()).contains(heading);
      String section = doc.substring(doc.indexOf(heading) + heading.length());
      section = section.contains("\n### ") ? section.substring(0, section.indexOf("\n### ")) : section;
      for (Schema.Field field : EventTypes.schemaOf(type).getFields()) {
        assertThat(section).as("%s.%s documented", type.getSimpleName(), field.name())
            .contains("`" + field.name() + "`");
      }
    }
  }

  private static String simpleName(String fullName) {
    return fullName.substring(fullName.lastIndexOf('.') + 1);
  }

  private static String retention(Duration retention) {
    if (retention == null) {
      return "forever";
    }
    return retention.toHours() % 24 == 0 ? retention.toDays() + " days" : retention.toHours() + " hours";
  }
}
