package io.jointcs.events.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.jointcs.events.codec.EventDecodingException.Reason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.JsonEncoder;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Encodes and decodes one event type. Writes Avro single-object encoding (marker C3 01, the 8-byte
 * little-endian schema fingerprint, then the binary datum), so a reader needs no schema registry: it
 * knows every published version of the schema from {@link SchemaHistory}. Reads that encoding and
 * also the Avro JSON encoding, so simple devices and {@code kafka-console-producer} can publish events.
 * Thread-safe; get instances with {@link #of(Class)}.
 *
 * @param <T> the generated event class
 */
public final class EventCodec<T extends SpecificRecord> {
  /** Length of the single-object header: 2 marker bytes and the 8-byte fingerprint. */
  public static final int HEADER_BYTES = 10;
  private static final byte MARKER_0 = (byte) 0xC3;
  private static final byte MARKER_1 = (byte) 0x01;

  private static final Map<Class<?>, EventCodec<?>> CODECS = new ConcurrentHashMap<>();
  private static final JsonFactory JSON = new JsonFactory();

  private final Class<T> type;
  private final SpecificData model;
  private final Schema schema;
  private final SchemaStore.Cache writerSchemas = new SchemaStore.Cache();
  /** Writer schemas tried for JSON, newest first: JSON carries no fingerprint. */
  private final List<Schema> jsonWriterSchemas;
  private final BinaryMessageEncoder<T> encoder;
  private final BinaryMessageDecoder<T> decoder;

  private EventCodec(Class<T> type) {
    this.type = type;
    this.model = SpecificData.getForClass(type);
    this.schema = model.getSchema(type);
    this.jsonWriterSchemas = newestFirst(schema, SchemaHistory.of(schema.getName()));
    jsonWriterSchemas.forEach(writerSchemas::addSchema);
    this.encoder = new BinaryMessageEncoder<>(model, schema);
    this.decoder = new BinaryMessageDecoder<>(model, schema, writerSchemas);
  }

  /** The codec of a generated event class (cached: building one parses the schema history). */
  @SuppressWarnings("unchecked")
  public static <T extends SpecificRecord> EventCodec<T> of(Class<T> type) {
    Objects.requireNonNull(type, "type");
    return (EventCodec<T>) CODECS.computeIfAbsent(type, t -> new EventCodec<>(type));
  }

  public Class<T> type() {
    return type;
  }

  /** The current (reader and writer) schema. */
  public Schema schema() {
    return schema;
  }

  /** Fingerprint the header of every message this codec writes carries. */
  public long fingerprint() {
    return SchemaNormalization.parsingFingerprint64(schema);
  }

  /** Every writer schema this codec reads: the current one first, then earlier versions newest first. */
  public List<Schema> readableSchemas() {
    return jsonWriterSchemas;
  }

  /** Avro single-object encoding of the event. */
  public byte[] encode(T event) {
    Objects.requireNonNull(event, "event");
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try {
      encoder.encode(event, out);
    } catch (IOException | RuntimeException e) {
      // only an event with a missing required field (built without its builder) gets here
      throw new IllegalArgumentException("cannot encode " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
    return out.toByteArray();
  }

  /** Avro JSON encoding of the event (unions are wrapped as {"type name": value}). */
  public String toJson(T event) {
    Objects.requireNonNull(event, "event");
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try {
      JsonEncoder json = EncoderFactory.get().jsonEncoder(schema, out);
      new SpecificDatumWriter<T>(schema, model).write(event, json);
      json.flush();
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("cannot encode " + type.getSimpleName() + " as JSON: " + e.getMessage(), e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /**
   * Reads an event from Avro single-object bytes or from UTF-8 Avro JSON, written with the current or
   * any earlier version of the schema.
   *
   * @throws EventDecodingException naming the problem; never an unchecked exception for bad input
   */
  public T decode(byte[] bytes) throws EventDecodingException {
    if (bytes == null || bytes.length == 0) {
      throw failure(Reason.EMPTY, "no bytes to decode");
    }
    if (bytes[0] == MARKER_0) {
      return decodeSingleObject(bytes);
    }
    if (looksLikeJson(bytes)) {
      return decodeJson(bytes);
    }
    throw failure(Reason.CORRUPT, String.format(
        "starts with byte 0x%02X: neither the Avro single-object marker C3 01 nor JSON", bytes[0]));
  }

  /** Reads Avro JSON text; the same as {@link #decode(byte[])} on its UTF-8 bytes. */
  public T fromJson(String json) throws EventDecodingException {
    return decode(json == null ? null : json.getBytes(StandardCharsets.UTF_8));
  }

  /** Like {@link #decode(byte[])}, but returns the failure with the original bytes instead of throwing. */
  public Decoded<T> tryDecode(byte[] bytes) {
    try {
      return Decoded.ok(decode(bytes));
    } catch (EventDecodingException e) {
      return Decoded.failed(e, bytes);
    }
  }

  private T decodeSingleObject(byte[] bytes) throws EventDecodingException {
    if (bytes.length < HEADER_BYTES) {
      throw failure(Reason.CORRUPT, "truncated single-object header: " + bytes.length + " of "
          + HEADER_BYTES + " bytes");
    }
    if (bytes[1] != MARKER_1) {
      throw failure(Reason.CORRUPT, String.format(
          "bad single-object marker C3 %02X (expected C3 01)", bytes[1]));
    }
    long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    Schema writer = writerSchemas.findByFingerprint(fingerprint);
    if (writer == null) {
      throw unknownFingerprint(fingerprint);
    }
    try {
      BinaryStructureCheck.check(writer, bytes, HEADER_BYTES);
    } catch (EventDecodingException e) {
      throw failure(Reason.CORRUPT, e.getMessage());
    }
    try {
      return decoder.decode(bytes);
    } catch (IOException | RuntimeException e) {
      // the structure check passed, so this is a value Avro cannot resolve; still the sender's fault
      throw new EventDecodingException(Reason.CORRUPT,
          type.getSimpleName() + ": unreadable datum: " + e.getMessage(), e);
    }
  }

  private EventDecodingException unknownFingerprint(long fingerprint) {
    String hex = String.format("%016x", fingerprint);
    return SchemaHistory.findByFingerprint(fingerprint)
        .map(other -> failure(Reason.WRONG_TYPE, "bytes hold a " + other.eventName() + " (schema v"
            + other.version() + ", fingerprint " + hex + "), not a " + type.getSimpleName()))
        .orElseGet(() -> failure(Reason.UNKNOWN_SCHEMA, "schema fingerprint " + hex
            + " is not one of the " + jsonWriterSchemas.size() + " known versions of "
            + type.getSimpleName() + " nor of any other event"));
  }

  private T decodeJson(byte[] bytes) throws EventDecodingException {
    String text = strictUtf8(bytes);
    Set<String> topLevelFields = checkJsonSyntax(text);
    Exception firstError = null;
    for (Schema writer : jsonWriterSchemas) {
      try {
        return new SpecificDatumReader<T>(writer, schema, model)
            .read(null, DecoderFactory.get().jsonDecoder(writer, text));
      } catch (IOException | RuntimeException e) {
        if (firstError == null) {
          firstError = e; // the current schema's complaint is the one worth reporting
        }
      }
    }
    throw new EventDecodingException(Reason.JSON_SCHEMA_MISMATCH, type.getSimpleName()
        + ": JSON is not the Avro JSON encoding of any known version: " + firstError.getMessage()
        + missingFields(topLevelFields), firstError);
  }

  /** Avro's JSON errors do not name fields; missing top-level ones are the commonest mistake. */
  private String missingFields(Set<String> present) {
    List<String> missing = schema.getFields().stream()
        .map(Schema.Field::name)
        .filter(name -> !present.contains(name))
        .toList();
    return missing.isEmpty() ? "" : " (missing fields: " + String.join(", ", missing) + ")";
  }

  private String strictUtf8(byte[] bytes) throws EventDecodingException {
    try {
      String text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
      return text.startsWith("\uFEFF") ? text.substring(1) : text;
    } catch (CharacterCodingException e) {
      throw failure(Reason.MALFORMED_JSON, "JSON text is not valid UTF-8");
    }
  }

  /**
   * Checks for exactly one JSON object and nothing after it (Avro's JSON decoder alone would ignore trailing
   * text), and returns the object's top-level field names.
   */
  private Set<String> checkJsonSyntax(String text) throws EventDecodingException {
    Set<String> fields = new HashSet<>();
    try (JsonParser parser = JSON.createParser(text)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw failure(Reason.MALFORMED_JSON, "JSON text is not an object");
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        fields.add(parser.currentName());
        parser.nextToken();
        parser.skipChildren();
      }
      if (parser.nextToken() != null) {
        throw failure(Reason.MALFORMED_JSON, "unexpected content after the JSON object at "
            + describe(parser));
      }
    } catch (JsonProcessingException e) {
      throw new EventDecodingException(Reason.MALFORMED_JSON,
          type.getSimpleName() + ": malformed JSON: " + e.getOriginalMessage() + " at " + describe(e), e);
    } catch (IOException e) {
      throw new EventDecodingException(Reason.MALFORMED_JSON,
          type.getSimpleName() + ": unreadable JSON: " + e.getMessage(), e);
    }
    return fields;
  }

  private static String describe(JsonParser parser) {
    return "line " + parser.currentLocation().getLineNr() + ", column " + parser.currentLocation().getColumnNr();
  }

  private static String describe(JsonProcessingException e) {
    return e.getLocation() == null ? "unknown position"
        : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
  }

  /** First byte that is not whitespace (after an optional UTF-8 byte order mark) opens a JSON object or array. */
  private static boolean looksLikeJson(byte[] bytes) {
    int i = bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB
        && (bytes[2] & 0xff) == 0xBF ? 3 : 0;
    while (i < bytes.length && (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\n' || bytes[i] == '\r')) {
      i++;
    }
    return i < bytes.length && (bytes[i] == '{' || bytes[i] == '[');
  }

  private EventDecodingException failure(Reason reason, String message) {
    return new EventDecodingException(reason, type.getSimpleName() + ": " + message);
  }

  private static List<Schema> newestFirst(Schema current, List<SchemaHistory.Version> history) {
    List<Schema> schemas = new ArrayList<>();
    Set<Long> seen = new HashSet<>();
    schemas.add(current);
    seen.add(SchemaNormalization.parsingFingerprint64(current));
    for (int i = history.size() - 1; i >= 0; i--) {
      Schema earlier = history.get(i).schema();
      if (seen.add(SchemaNormalization.parsingFingerprint64(earlier))) {
        schemas.add(earlier);
      }
    }
    return List.copyOf(schemas);
  }
}
