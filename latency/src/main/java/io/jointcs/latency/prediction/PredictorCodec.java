package io.jointcs.latency.prediction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.jointcs.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Predictors to bytes and back, small enough to travel inside Kafka events: the magic {@code JCLP}, the format
 * version (int, big-endian), then gzip-compressed JSON holding device class, kind, predictor version, feature set
 * name and version, validation metrics and the model itself (XGBoost boosters in their own binary format). A
 * reader refuses bytes of another format version, a feature set it does not implement, or a feature set other
 * than the one the caller expects.
 */
public final class PredictorCodec {
  public static final int FORMAT_VERSION = 1;
  private static final byte[] MAGIC = "JCLP".getBytes(StandardCharsets.US_ASCII);
  private static final ObjectMapper MAPPER = Json.mapper().copy().disable(SerializationFeature.INDENT_OUTPUT);

  /** The JSON body. {@code base} is set for an adapted predictor only. */
  record Envelope(String deviceClass, String kind, long version, String featureSetName,
      int featureSetVersion, ValidationMetrics metrics, JsonNode model, Envelope base) {}

  /**
   * Model of an adapted predictor; its base travels as a nested envelope. {@code baseBatchSize} is absent (null) in
   * predictors written before it existed, which asked the base at each layer's own batch (0).
   */
  record AdaptedState(String deviceClass, LogSpaceCorrection correction, InvocationOverhead overhead,
      Integer baseBatchSize) {}

  private PredictorCodec() {}

  public static byte[] encode(TrainedPredictor trained) {
    try {
      byte[] json = MAPPER.writeValueAsBytes(envelope(trained.predictor(), trained.version(), trained.metrics()));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(MAGIC);
      out.write(ByteBuffer.allocate(4).putInt(FORMAT_VERSION).array());
      try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
        gzip.write(json);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serialize the predictor of " + trained.predictor().deviceClass(), e);
    }
  }

  /** Decodes a predictor of any feature set this build implements. */
  public static TrainedPredictor decode(byte[] bytes) {
    return decode(bytes, null);
  }

  /**
   * Decodes a predictor and requires it to use {@code expected} (null: any implemented one).
   *
   * @throws IncompatiblePredictorException for another format version, feature set or unknown kind
   * @throws IllegalArgumentException for bytes that are not a predictor or are truncated
   */
  public static TrainedPredictor decode(byte[] bytes, FeatureSetId expected) {
    if (bytes.length < 8 || !Arrays.equals(Arrays.copyOf(bytes, 4), MAGIC)) {
      throw new IllegalArgumentException("not a serialized latency predictor: the bytes do not start with JCLP");
    }
    int format = ByteBuffer.wrap(bytes, 4, 4).getInt();
    if (format != FORMAT_VERSION) {
      throw new IncompatiblePredictorException("predictor format version " + format + " cannot be read by this "
          + "build, which reads version " + FORMAT_VERSION);
    }
    Envelope envelope;
    try (GZIPInputStream gzip = new GZIPInputStream(new ByteArrayInputStream(bytes, 8, bytes.length - 8))) {
      envelope = MAPPER.readValue(gzip.readAllBytes(), Envelope.class);
    } catch (IOException e) {
      throw new IllegalArgumentException("serialized predictor is truncated or corrupt: " + e.getMessage(), e);
    }
    FeatureSetId id = new FeatureSetId(envelope.featureSetName(), envelope.featureSetVersion());
    if (expected != null && !expected.equals(id)) {
      throw new IncompatiblePredictorException("predictor of " + envelope.deviceClass() + " was trained with "
          + "feature set " + id + ", but " + expected + " is required");
    }
    return new TrainedPredictor(predictor(envelope), envelope.version(), envelope.metrics());
  }

  private static Envelope envelope(LatencyPredictor p, long version, ValidationMetrics metrics) {
    FeatureSetId fs = p.featureSet().id();
    Object state;
    Envelope base = null;
    if (p instanceof MacsLinearPredictor linear) {
      state = linear.state();
    } else if (p instanceof LookupTablePredictor table) {
      state = table.state();
    } else if (p instanceof BoostedTreesPredictor trees) {
      state = trees.state();
    } else if (p instanceof AdaptedPredictor adapted) {
      state = new AdaptedState(adapted.deviceClass(), adapted.correction(), adapted.overhead(),
          adapted.baseBatchSize());
      base = envelope(adapted.base(), 0, null);
    } else {
      throw new IllegalArgumentException("cannot serialize a predictor of class " + p.getClass().getName());
    }
    return new Envelope(p.deviceClass(), p.kind().name(), version, fs.name(), fs.version(), metrics,
        MAPPER.valueToTree(state), base);
  }

  private static LatencyPredictor predictor(Envelope e) {
    FeatureSetId id = new FeatureSetId(e.featureSetName(), e.featureSetVersion());
    FeatureSets implemented = FeatureSets.require(id);
    PredictorKind kind;
    try {
      kind = PredictorKind.valueOf(e.kind());
    } catch (IllegalArgumentException | NullPointerException ex) {
      throw new IncompatiblePredictorException("predictor kind '" + e.kind() + "' of " + e.deviceClass()
          + " cannot be read by this build; it reads " + Arrays.toString(PredictorKind.values()));
    }
    LatencyPredictor p;
    try {
      p = switch (kind) {
        case LINEAR_REGRESSION -> new MacsLinearPredictor(MAPPER.treeToValue(e.model(), MacsLinearPredictor.State.class));
        case LOOKUP_TABLE -> new LookupTablePredictor(MAPPER.treeToValue(e.model(), LookupTablePredictor.State.class));
        case GRADIENT_BOOSTED_TREES, RANDOM_FOREST ->
            new BoostedTreesPredictor(MAPPER.treeToValue(e.model(), BoostedTreesPredictor.State.class));
        case ADAPTED -> adapted(e);
      };
    } catch (IOException ex) {
      throw new IllegalArgumentException("serialized " + e.kind() + " predictor of " + e.deviceClass()
          + " is malformed: " + ex.getMessage(), ex);
    }
    if (p.featureSet() != implemented) {
      throw new IncompatiblePredictorException("serialized " + e.kind() + " predictor of " + e.deviceClass()
          + " claims feature set " + id + " but its model uses " + p.featureSet().id());
    }
    return p;
  }

  private static LatencyPredictor adapted(Envelope e) throws IOException {
    if (e.base() == null) {
      throw new IllegalArgumentException("serialized adapted predictor of " + e.deviceClass() + " has no base");
    }
    AdaptedState s = MAPPER.treeToValue(e.model(), AdaptedState.class);
    return new AdaptedPredictor(s.deviceClass(), predictor(e.base()),
        s.baseBatchSize() == null ? 0 : s.baseBatchSize(), s.correction(), s.overhead());
  }
}
