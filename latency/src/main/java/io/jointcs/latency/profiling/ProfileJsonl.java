package io.jointcs.latency.profiling;

import io.jointcs.json.JsonLines;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.jointcs.json.Json;
import io.jointcs.latency.prediction.LayerLatencySample;
import io.jointcs.latency.prediction.ModelLatencyObservation;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Profiling files: JSON Lines, one {@link ProfileRecord} per line. A layer line carries under {@code sample} the
 * exact JSON of a {@link LayerLatencySample}, so the predictors train on {@link #readLayerSamples}; range lines
 * give {@link #readObservations}. Reading is strict, like the sample reader: a bad line is an error naming it.
 */
public final class ProfileJsonl {
  private static final ObjectMapper MAPPER = Json.mapper().copy()
      .disable(SerializationFeature.INDENT_OUTPUT)
      .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);
  private static final ObjectWriter WRITER = MAPPER.writerFor(ProfileRecord.class);
  private static final ObjectReader READER = MAPPER.readerFor(ProfileRecord.class);

  private ProfileJsonl() {}

  /** One JSON line, without the newline. */
  public static String toLine(ProfileRecord record) {
    try {
      return WRITER.writeValueAsString(record);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a profile record as JSON: " + e.getOriginalMessage(), e);
    }
  }

  public static void write(Path file, List<? extends ProfileRecord> records) {
    try (Appender out = Appender.create(file)) {
      records.forEach(out::append);
    }
  }

  public static List<ProfileRecord> read(Path file) {
    return JsonLines.read(file, READER, "profile record");
  }

  /** Reads all profile records; blank lines are skipped, anything else that does not parse is an error. */
  public static List<ProfileRecord> read(Reader in, String sourceName) throws IOException {
    return JsonLines.read(in, sourceName, READER, "profile record");
  }

  /** The layer samples of a profiling file: the predictors' training data. */
  public static List<LayerLatencySample> readLayerSamples(Path file) {
    return read(file).stream().filter(LayerProfile.class::isInstance)
        .map(r -> ((LayerProfile) r).sample()).toList();
  }

  /** The range measurements of a profiling file as invocation-overhead observations. */
  public static List<ModelLatencyObservation> readObservations(Path file) {
    return read(file).stream().filter(RangeProfile.class::isInstance)
        .map(r -> ((RangeProfile) r).toObservation()).toList();
  }

  /** Writes records as they are measured, one flushed line each, so an interrupted run keeps what it measured. */
  public static final class Appender implements Closeable {
    private final Path file;
    private final BufferedWriter out;

    private Appender(Path file, BufferedWriter out) {
      this.file = file;
      this.out = out;
    }

    /** A new file (an existing one is replaced). */
    public static Appender create(Path file) {
      return open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    }

    /** Appends to a file, creating it if needed. */
    public static Appender append(Path file) {
      return open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }

    private static Appender open(Path file, StandardOpenOption... options) {
      try {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        return new Appender(file, Files.newBufferedWriter(file, StandardCharsets.UTF_8, options));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot open " + file + " for writing", e);
      }
    }

    public void append(ProfileRecord record) {
      try {
        out.write(toLine(record));
        out.write('\n');
        out.flush();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write to " + file, e);
      }
    }

    @Override
    public void close() {
      try {
        out.close();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot close " + file, e);
      }
    }
  }

  /** Also accepted where a plain writer is at hand (tests, stdout). */
  public static void write(Writer out, List<? extends ProfileRecord> records) throws IOException {
    for (ProfileRecord record : records) {
      out.write(toLine(record));
      out.write('\n');
    }
    out.flush();
  }
}
