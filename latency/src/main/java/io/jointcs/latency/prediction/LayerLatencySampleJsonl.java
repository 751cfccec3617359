package io.jointcs.latency.prediction;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.jointcs.json.Json;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Layer-latency samples as JSON Lines, one sample per line: the one place that knows the on-disk JSON form (to be
 * aligned with the Avro telemetry schema later). Reading is strict: every field present, no unknown field, and a
 * bad line is an error naming its line number.
 */
public final class LayerLatencySampleJsonl {
  private static final ObjectMapper MAPPER = Json.mapper().copy()
      .disable(SerializationFeature.INDENT_OUTPUT)
      .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);
  private static final ObjectWriter WRITER = MAPPER.writerFor(LayerLatencySample.class);
  private static final ObjectReader READER = MAPPER.readerFor(LayerLatencySample.class);

  private LayerLatencySampleJsonl() {}

  public static void write(Path file, List<LayerLatencySample> samples) {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      write(out, samples);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  public static void write(Writer out, List<LayerLatencySample> samples) throws IOException {
    BufferedWriter w = out instanceof BufferedWriter b ? b : new BufferedWriter(out);
    for (LayerLatencySample s : samples) {
      w.write(WRITER.writeValueAsString(s));
      w.write('\n');
    }
    w.flush();
  }

  public static List<LayerLatencySample> read(Path file) {
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(in, file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** Reads all samples; blank lines are skipped, anything else that is not a valid sample is an error. */
  public static List<LayerLatencySample> read(Reader in, String sourceName) throws IOException {
    BufferedReader r = in instanceof BufferedReader b ? b : new BufferedReader(in);
    List<LayerLatencySample> out = new ArrayList<>();
    String line;
    int number = 0;
    while ((line = r.readLine()) != null) {
      number++;
      if (line.isBlank()) {
        continue;
      }
      try {
        out.add(READER.readValue(line));
      } catch (JsonProcessingException e) {
        Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
        String message = cause == e ? e.getOriginalMessage() : cause.getMessage();
        throw new IllegalArgumentException(sourceName + " line " + number + ": not a valid layer latency sample: "
            + message, e);
      }
    }
    return out;
  }
}
