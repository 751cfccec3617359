package io.jointcs.latency.telemetry;

import io.jointcs.events.codec.EventCodec;
import io.jointcs.events.codec.EventDecodingException;
import io.jointcs.json.JsonLines;
import io.jointcs.latency.prediction.LayerLatencySample;
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
 * Layer-latency sample files: JSON Lines, each line the Avro JSON encoding of the telemetry record
 * {@link io.jointcs.events.LayerLatencySample} (docs/latency-samples.md), so that a device agent's telemetry, the
 * converters' output and hand-made files are one format. The file does not name its device class: the reader
 * files every sample under the class it is given.
 *
 * <p>Reading is strict: a line that is not one complete record of the current or an earlier schema version (a
 * truncated last line included), a layer type without a predictor, or a latency that is not finite and positive is
 * an error naming the file and line. Blank lines are skipped.
 */
public final class LayerLatencySampleJsonl {
  private static final String RECORD = "layer latency sample";

  private LayerLatencySampleJsonl() {}

  public static List<LayerLatencySample> read(Path file, String deviceClass) {
    return JsonLines.read(file, line -> parse(line, deviceClass), RECORD);
  }

  public static List<LayerLatencySample> read(Reader in, String sourceName, String deviceClass) throws IOException {
    return JsonLines.read(in, sourceName, line -> parse(line, deviceClass), RECORD);
  }

  /** Writes each sample as one line; only its median is known, see {@link LayerTelemetry#singleValue}. */
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
      w.write(toLine(LayerTelemetry.toEvent(s)));
      w.write('\n');
    }
    w.flush();
  }

  /** One event as one line. */
  public static String toLine(io.jointcs.events.LayerLatencySample event) {
    // Avro's JSON encoder writes no line breaks without a pretty printer; checked so a line stays a line
    String json = codec().toJson(event);
    if (json.indexOf('\n') >= 0) {
      throw new IllegalStateException("Avro JSON of a layer latency sample spans lines: " + json);
    }
    return json;
  }

  private static LayerLatencySample parse(String line, String deviceClass) throws EventDecodingException {
    return LayerTelemetry.toSample(codec().fromJson(line), deviceClass);
  }

  private static EventCodec<io.jointcs.events.LayerLatencySample> codec() {
    return EventCodec.of(io.jointcs.events.LayerLatencySample.class);
  }
}
