package io.jointcs.events.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificRecord;

/**
 * Every published version of every event schema, read from the jar ({@code schemas/history/<Name>/vN.avsc}
 * in the source tree). Decoders register all of them so data written by an older producer stays readable.
 * Versions are numbered contiguously from v0 or v1; the highest one is the current schema.
 */
public final class SchemaHistory {
  private SchemaHistory() {}

  /** Resource folder the history is copied to by the build. */
  static final String RESOURCE_ROOT = "/io/jointcs/events/history/";

  /** Far above any real history; only bounds the probing loop. */
  private static final int MAX_VERSION = 999;

  private static final Map<String, List<Version>> BY_NAME = new ConcurrentHashMap<>();

  /**
   * One published version of an event schema.
   *
   * @param eventName simple name of the event, e.g. {@code NetworkSample}
   * @param version version number (the file name's N)
   * @param schema the schema as published, self-contained
   */
  public record Version(String eventName, int version, Schema schema) {
    /** CRC-64-AVRO fingerprint of the parsing canonical form: what single-object headers carry. */
    public long fingerprint() {
      return SchemaNormalization.parsingFingerprint64(schema);
    }
  }

  /** Every version of an event type, oldest first; empty for a type with no history (a helper record). */
  public static List<Version> of(Class<? extends SpecificRecord> type) {
    return of(EventTypes.schemaOf(type).getName());
  }

  /** Every version of the event with this simple name, oldest first. */
  public static List<Version> of(String eventName) {
    return BY_NAME.computeIfAbsent(eventName, SchemaHistory::load);
  }

  /** The event version, current or earlier, whose fingerprint this is. */
  public static Optional<Version> findByFingerprint(long fingerprint) {
    return Optional.ofNullable(FingerprintIndex.ALL.get(fingerprint));
  }

  private static List<Version> load(String eventName) {
    List<Version> versions = new ArrayList<>();
    for (int n = 0; n <= MAX_VERSION; n++) {
      String path = RESOURCE_ROOT + eventName + "/v" + n + ".avsc";
      try (InputStream in = SchemaHistory.class.getResourceAsStream(path)) {
        if (in == null) {
          if (n == 0) {
            continue; // histories may start at v1
          }
          break;
        }
        // a fresh parser per file: every version is self-contained and names repeat across versions
        versions.add(new Version(eventName, n, new Schema.Parser().parse(in)));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read schema history " + path, e);
      }
    }
    versions.sort(Comparator.comparingInt(Version::version));
    return List.copyOf(versions);
  }

  /** Lazily built so that loading one codec does not parse every history. */
  private static final class FingerprintIndex {
    static final Map<Long, Version> ALL = build();

    private static Map<Long, Version> build() {
      Map<Long, Version> index = new HashMap<>();
      for (Class<? extends SpecificRecord> type : EventTypes.all()) {
        for (Version version : of(type)) {
          index.put(version.fingerprint(), version);
        }
      }
      return Map.copyOf(index);
    }
  }
}
