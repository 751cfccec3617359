package io.jointcs.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON Lines files: one JSON document per line. Blank lines are skipped; any other line that does
 * not parse into the record is an error naming the source, the line number and the problem, so
 * that nothing is silently dropped.
 */
public final class JsonLines {
  private JsonLines() {}

  public static <T> List<T> read(Path file, ObjectReader reader, String recordName) {
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(in, file.toString(), reader, recordName);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  public static <T> List<T> read(Reader in, String sourceName, ObjectReader reader, String recordName)
      throws IOException {
    return read(in, sourceName, line -> {
      try {
        return reader.readValue(line);
      } catch (JsonProcessingException e) {
        // a record constructor's IllegalArgumentException says more than Jackson's wrapper around it
        Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
        throw new IllegalArgumentException(cause == e ? e.getOriginalMessage() : cause.getMessage(), e);
      }
    }, recordName);
  }

  /** Parses one non-blank line; any exception it throws is reported with the source and line number. */
  @FunctionalInterface
  public interface LineParser<T> {
    T parse(String line) throws Exception;
  }

  /** Reads every non-blank line with {@code parser} (for records that are not read by Jackson, e.g. Avro JSON). */
  public static <T> List<T> read(Path file, LineParser<T> parser, String recordName) {
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(in, file.toString(), parser, recordName);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  public static <T> List<T> read(Reader in, String sourceName, LineParser<T> parser, String recordName)
      throws IOException {
    BufferedReader r = in instanceof BufferedReader b ? b : new BufferedReader(in);
    List<T> out = new ArrayList<>();
    String line;
    int number = 0;
    while ((line = r.readLine()) != null) {
      number++;
      if (line.isBlank()) {
        continue;
      }
      try {
        out.add(parser.parse(line));
      } catch (RuntimeException e) {
        if (!(e instanceof IllegalArgumentException)) {
          throw e; // a bug, not bad input: keep its stack trace
        }
        throw badLine(sourceName, number, recordName, e);
      } catch (Exception e) {
        throw badLine(sourceName, number, recordName, e);
      }
    }
    return out;
  }

  private static IllegalArgumentException badLine(String source, int number, String recordName, Exception e) {
    return new IllegalArgumentException(source + " line " + number + ": not a valid " + recordName + ": "
        + e.getMessage(), e);
  }
}
