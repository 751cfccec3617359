package io.jointcs.events.codec;

import io.jointcs.events.codec.EventDecodingException.Reason;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.IdentityHashMap;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * Walks Avro binary data along its writer schema without building anything, and rejects it unless it is
 * exactly one well-formed datum. Avro's own readers trust declared lengths and counts (a corrupt string
 * length allocates up to 2 GiB) and report damage as assorted unchecked exceptions; this check runs first
 * so that bad bytes from a device cost nothing and are reported with the position of the problem.
 */
final class BinaryStructureCheck {
  /** Bound on items of a block whose items may be encoded in zero bytes (e.g. an array of nulls). */
  private static final long MAX_ZERO_BYTE_ITEMS = 1 << 20;
  /** Bound on nesting, reachable only with recursive schemas; keeps the walk off the stack limit. */
  private static final int MAX_DEPTH = 200;

  private final byte[] bytes;
  private int pos;
  private final Map<Schema, Integer> minSizes = new IdentityHashMap<>();
  private CharsetDecoder utf8;

  private BinaryStructureCheck(byte[] bytes, int start) {
    this.bytes = bytes;
    this.pos = start;
  }

  /** Checks that {@code bytes[start..]} is exactly one datum of {@code writer}. */
  static void check(Schema writer, byte[] bytes, int start) throws EventDecodingException {
    BinaryStructureCheck check = new BinaryStructureCheck(bytes, start);
    check.walk(writer, 0);
    if (check.pos != bytes.length) {
      throw corrupt((bytes.length - check.pos) + " unexpected bytes after the datum, at byte " + check.pos);
    }
  }

  private void walk(Schema schema, int depth) throws EventDecodingException {
    if (depth > MAX_DEPTH) {
      throw corrupt("data nested deeper than " + MAX_DEPTH + " levels at byte " + pos);
    }
    switch (schema.getType()) {
      case NULL -> { }
      case BOOLEAN -> {
        int at = pos;
        int value = readByte();
        if (value > 1) {
          throw corrupt("boolean byte " + value + " at byte " + at + " is neither 0 nor 1");
        }
      }
      case INT -> readInt("int");
      case LONG -> readLong("long");
      case FLOAT -> skip(4, "float");
      case DOUBLE -> skip(8, "double");
      case BYTES -> skip(readLength("bytes"), "bytes");
      case STRING -> checkUtf8(readLength("string"));
      case FIXED -> skip(schema.getFixedSize(), "fixed " + schema.getFullName());
      case ENUM -> {
        int at = pos;
        int index = readInt("enum index");
        if (index < 0 || index >= schema.getEnumSymbols().size()) {
          throw corrupt("enum index " + index + " at byte " + at + " is outside the "
              + schema.getEnumSymbols().size() + " symbols of " + schema.getFullName());
        }
      }
      case UNION -> {
        int at = pos;
        long index = readLong("union index");
        if (index < 0 || index >= schema.getTypes().size()) {
          throw corrupt("union branch " + index + " at byte " + at + " is outside the "
              + schema.getTypes().size() + " branches");
        }
        walk(schema.getTypes().get((int) index), depth + 1);
      }
      case RECORD -> {
        for (Schema.Field field : schema.getFields()) {
          walk(field.schema(), depth + 1);
        }
      }
      case ARRAY -> walkBlocks(schema.getElementType(), false, depth);
      case MAP -> walkBlocks(schema.getValueType(), true, depth);
      default -> throw new IllegalStateException("unhandled Avro type " + schema.getType());
    }
  }

  /** Arrays and maps: blocks of items ended by a zero count; a negative count is followed by the block's size. */
  private void walkBlocks(Schema item, boolean withStringKeys, int depth) throws EventDecodingException {
    int minItemBytes = (withStringKeys ? 1 : 0) + minSize(item);
    while (true) {
      int at = pos;
      long count = readLong("block count");
      if (count == 0) {
        return;
      }
      int blockStart = -1;
      long blockBytes = 0;
      if (count < 0) {
        if (count == Long.MIN_VALUE) {
          throw corrupt("block count at byte " + at + " is out of range");
        }
        count = -count;
        blockBytes = readLength("block size");
        blockStart = pos;
      }
      boolean fits = minItemBytes > 0 ? count <= remaining() / minItemBytes : count <= MAX_ZERO_BYTE_ITEMS;
      if (!fits) {
        throw corrupt("block of " + count + " items at byte " + at + " cannot fit in the "
            + remaining() + " remaining bytes");
      }
      for (long i = 0; i < count; i++) {
        if (withStringKeys) {
          checkUtf8(readLength("map key"));
        }
        walk(item, depth + 1);
      }
      if (blockStart >= 0 && pos - blockStart != blockBytes) {
        throw corrupt("block at byte " + at + " declares " + blockBytes + " bytes but holds "
            + (pos - blockStart));
      }
    }
  }

  /** Fewest bytes any datum of the schema takes, to bound block counts by the bytes left. */
  private int minSize(Schema schema) {
    Integer known = minSizes.get(schema);
    if (known != null) {
      return known;
    }
    minSizes.put(schema, 0); // a recursive reference counts as 0: still a lower bound
    int size = switch (schema.getType()) {
      case NULL -> 0;
      case BOOLEAN, INT, LONG, ENUM, STRING, BYTES, ARRAY, MAP -> 1;
      case FLOAT -> 4;
      case DOUBLE -> 8;
      case FIXED -> schema.getFixedSize();
      case UNION -> 1 + schema.getTypes().stream().mapToInt(this::minSize).min().orElse(0);
      case RECORD -> schema.getFields().stream().mapToInt(field -> minSize(field.schema())).sum();
      default -> 0;
    };
    minSizes.put(schema, size);
    return size;
  }

  private int readLength(String what) throws EventDecodingException {
    int at = pos;
    long length = readLong(what + " length");
    if (length < 0) {
      throw corrupt(what + " length " + length + " at byte " + at + " is negative");
    }
    if (length > remaining()) {
      throw corrupt(what + " length " + length + " at byte " + at + " exceeds the " + remaining()
          + " remaining bytes");
    }
    return (int) length;
  }

  private void checkUtf8(int length) throws EventDecodingException {
    if (utf8 == null) {
      utf8 = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
    }
    try {
      utf8.decode(ByteBuffer.wrap(bytes, pos, length));
    } catch (CharacterCodingException e) {
      throw corrupt("string of " + length + " bytes at byte " + pos + " is not valid UTF-8");
    }
    pos += length;
  }

  private int readInt(String what) throws EventDecodingException {
    int at = pos;
    long raw = readVarint(5, what);
    if ((raw >>> 32) != 0) {
      throw corrupt(what + " at byte " + at + " does not fit in 32 bits");
    }
    return (int) ((raw >>> 1) ^ -(raw & 1)); // zig-zag
  }

  private long readLong(String what) throws EventDecodingException {
    long raw = readVarint(10, what);
    return (raw >>> 1) ^ -(raw & 1); // zig-zag
  }

  /** Little-endian base-128 varint of at most {@code maxBytes} bytes, before zig-zag decoding. */
  private long readVarint(int maxBytes, String what) throws EventDecodingException {
    int at = pos;
    long raw = 0;
    for (int i = 0; i < maxBytes; i++) {
      int b = readByte();
      if (i == 9 && b > 1) {
        throw corrupt(what + " at byte " + at + " overflows 64 bits");
      }
      raw |= (long) (b & 0x7f) << (7 * i);
      if ((b & 0x80) == 0) {
        return raw;
      }
    }
    throw corrupt(what + " at byte " + at + " is a varint longer than " + maxBytes + " bytes");
  }

  private int readByte() throws EventDecodingException {
    if (pos >= bytes.length) {
      throw corrupt("data ends early: " + bytes.length + " bytes, more needed at byte " + pos);
    }
    return bytes[pos++] & 0xff;
  }

  private void skip(int length, String what) throws EventDecodingException {
    if (length > remaining()) {
      throw corrupt("data ends early: " + what + " at byte " + pos + " needs " + length + " bytes, "
          + remaining() + " remain");
    }
    pos += length;
  }

  private int remaining() {
    return bytes.length - pos;
  }

  private static EventDecodingException corrupt(String message) {
    return new EventDecodingException(Reason.CORRUPT, message);
  }
}
