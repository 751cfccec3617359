package io.jointcs.latency.telemetry;

import io.jointcs.events.ModelLatencySample;
import io.jointcs.events.ModelPart;
import io.jointcs.events.codec.EventCodec;
import io.jointcs.json.JsonLines;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Whole-model sample files: JSON Lines, each line the Avro JSON encoding of the telemetry record
 * {@link ModelLatencySample} (docs/latency-samples.md#whole-model-samples), the payload a device agent publishes for
 * a whole model, a head, a tail or a split end to end. {@code ./jointcs predictor train --model-samples} fits the
 * invocation overhead on the WHOLE, HEAD and TAIL lines.
 *
 * <p>Reading is strict: a line that is not one complete record of the current or an earlier schema version, a part
 * this build does not know (OTHER), a latency that is not finite and positive, or - for WHOLE, HEAD and TAIL - a model
 * spec that does not parse or does not have the sample's block count or cut point, is an error naming the file and
 * line. SPLIT lines are read (and counted by the caller), not fitted. Blank lines are skipped.
 */
public final class ModelLatencySampleJsonl {
  private static final String RECORD = "model latency sample";

  private ModelLatencySampleJsonl() {}

  public static List<ModelLatencySample> read(Path file) {
    return JsonLines.read(file, ModelLatencySampleJsonl::parse, RECORD);
  }

  public static List<ModelLatencySample> read(Reader in, String sourceName) throws IOException {
    return JsonLines.read(in, sourceName, ModelLatencySampleJsonl::parse, RECORD);
  }

  /** One sample as one line. */
  public static String toLine(ModelLatencySample sample) {
    String json = EventCodec.of(ModelLatencySample.class).toJson(sample);
    if (json.indexOf('\n') >= 0) {
      throw new IllegalStateException("Avro JSON of a model latency sample spans lines: " + json);
    }
    return json;
  }

  private static ModelLatencySample parse(String line) throws Exception {
    ModelLatencySample s = EventCodec.of(ModelLatencySample.class).fromJson(line);
    double ms = s.getLatency().getMedianMs();
    if (!Double.isFinite(ms) || ms <= 0) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "latency.medianMs must be finite and > 0, got %s", ms));
    }
    if (s.getPart() == ModelPart.OTHER) {
      throw new IllegalArgumentException("part OTHER is not a model part this build knows");
    }
    if (s.getPart() != ModelPart.SPLIT) {
      ModelTelemetry.layers(s); // the spec, block count and cut point must name real layers
    }
    return s;
  }
}
