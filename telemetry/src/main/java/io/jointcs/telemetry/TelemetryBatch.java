package io.jointcs.telemetry;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Splits an HTTP telemetry batch (a JSON array of Avro JSON encoded DeviceTelemetry records, or a single such
 * object) into its records, each with its exact bytes, so the one validation path sees what the device sent.
 * Only the batch structure is checked here; the records themselves are judged later, one by one. Also reads
 * the device id each record claims, so the endpoint can refuse records of another device than the token's.
 */
public final class TelemetryBatch {
  private static final JsonFactory JSON = JsonFactory.builder()
      // a batch is small (bounded by the HTTP body limit); refuse pathological nesting early
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
      .build();

  private TelemetryBatch() {}

  /**
   * One record of a batch.
   *
   * @param bytes the record's bytes exactly as in the body (UTF-8 JSON)
   * @param claimedDeviceId the {@code device.deviceId} string the record names, or null when it names none
   */
  public record Item(byte[] bytes, String claimedDeviceId) {
    public Item {
      bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
      return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Item i && Arrays.equals(bytes, i.bytes) && Objects.equals(claimedDeviceId, i.claimedDeviceId);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(bytes) + Objects.hashCode(claimedDeviceId);
    }
  }

  /** The body is not a JSON array or object, or not well-formed. */
  public static final class MalformedBatchException extends Exception {
    public MalformedBatchException(String message) {
      super(message);
    }
  }

  /**
   * The records of a batch, in order.
   *
   * @param maxRecords most records accepted in one batch
   * @throws MalformedBatchException for a body that is not one JSON array (or object), or not well-formed
   * @throws TooManyRecordsException for more than {@code maxRecords} records
   */
  public static List<Item> split(byte[] body, int maxRecords) throws MalformedBatchException, TooManyRecordsException {
    List<Item> items = new ArrayList<>();
    try (JsonParser parser = JSON.createParser(body)) {
      JsonToken first = parser.nextToken();
      if (first == JsonToken.START_OBJECT) {
        items.add(item(parser, body));
      } else if (first == JsonToken.START_ARRAY) {
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
          if (token == null) {
            throw new MalformedBatchException("the batch array is not closed");
          }
          if (items.size() == maxRecords) {
            throw new TooManyRecordsException("a batch holds at most " + maxRecords + " records");
          }
          if (token == JsonToken.START_OBJECT) {
            items.add(item(parser, body));
          } else {
            // a non-object element is a record too: validation rejects it with its bytes, it is not dropped
            long start = parser.currentTokenLocation().getByteOffset();
            parser.skipChildren();
            // the parser reads a scalar lazily: finish it, or the location stops right after a string's opening quote
            parser.finishToken();
            long end = parser.currentLocation().getByteOffset();
            items.add(new Item(Arrays.copyOfRange(body, (int) start, (int) end), null));
          }
        }
      } else {
        throw new MalformedBatchException("a telemetry batch is a JSON array of telemetry objects (or one object), "
            + "got " + (first == null ? "an empty body" : first.name()));
      }
      if (parser.nextToken() != null) {
        throw new MalformedBatchException("trailing content after the batch at byte "
            + parser.currentTokenLocation().getByteOffset());
      }
    } catch (JsonProcessingException e) {
      throw new MalformedBatchException("the batch is not well-formed JSON: " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " at byte " + e.getLocation().getByteOffset()));
    } catch (IOException e) {
      throw new MalformedBatchException("the batch cannot be read: " + e.getMessage());
    }
    return items;
  }

  /** More records in one batch than allowed. */
  public static final class TooManyRecordsException extends Exception {
    public TooManyRecordsException(String message) {
      super(message);
    }
  }

  /** Reads one object whose START_OBJECT is the current token, noting device.deviceId on the way. */
  private static Item item(JsonParser parser, byte[] body) throws IOException {
    long start = parser.currentTokenLocation().getByteOffset();
    String deviceId = null;
    int depth = 1;
    boolean inDevice = false;
    int deviceDepth = -1;
    while (depth > 0) {
      JsonToken token = parser.nextToken();
      if (token == null) {
        throw new com.fasterxml.jackson.core.JsonParseException(parser, "unexpected end of the batch");
      }
      switch (token) {
        case START_OBJECT, START_ARRAY -> depth++;
        case END_OBJECT, END_ARRAY -> {
          depth--;
          if (inDevice && depth < deviceDepth) {
            inDevice = false;
          }
        }
        case FIELD_NAME -> {
          String name = parser.currentName();
          if (depth == 1 && "device".equals(name)) {
            if (parser.nextToken() == JsonToken.START_OBJECT) {
              depth++;
              inDevice = true;
              deviceDepth = depth;
            } else {
              parser.skipChildren();
            }
          } else if (inDevice && depth == deviceDepth && "deviceId".equals(name)) {
            if (parser.nextToken() == JsonToken.VALUE_STRING) {
              deviceId = parser.getText();
            } else {
              parser.skipChildren();
            }
          }
        }
        default -> { }
      }
    }
    long end = parser.currentLocation().getByteOffset();
    return new Item(Arrays.copyOfRange(body, (int) start, (int) end), deviceId);
  }
}
