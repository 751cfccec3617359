package io.jointcs.latency.prediction;

import io.jointcs.json.JsonLines;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.jointcs.json.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
    return JsonLines.read(file, READER, "layer latency sample");
  }

  /** Reads all layer latency samples; blank lines are skipped, anything else that does not parse is an error. */
  public static List<LayerLatencySample> read(Reader in, String sourceName) throws IOException {
    return JsonLines.read(in, sourceName, READER, "layer latency sample");
  }
}
