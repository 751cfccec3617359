package io.jointcs.artifact;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.jointcs.json.Json;
import io.jointcs.model.Architecture;
import io.jointcs.model.ModelSpec;
import io.jointcs.segmentation.CutQuantization;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The artifact file layout (big-endian framing):
 *
 * <pre>
 *   "JCSM"  int32 format version  int32 header length  header (UTF-8 JSON, no whitespace)
 *   int64 weights length  weights (DJL parameter format)
 * </pre>
 *
 * Writing is deterministic (fixed header property order, DJL's fixed parameter order), so the same
 * model always gives the same bytes. Reading checks framing and header, naming the source and the
 * problem; weights are checked when they are loaded into blocks.
 */
final class ArtifactFormat {
  static final int FORMAT_VERSION = 1;
  private static final byte[] MAGIC = "JCSM".getBytes(StandardCharsets.US_ASCII);
  private static final int MAX_HEADER_BYTES = 1 << 20;

  /** A checked file: its header, the spec it names and where its weights are. */
  record Parsed(ArtifactHeader header, ModelSpec spec, int weightsOffset, int weightsLength) {}

  private ArtifactFormat() {}

  static byte[] encode(ArtifactHeader header, byte[] weights) {
    try {
      byte[] json = Json.mapper().writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(header);
      ByteArrayOutputStream file = new ByteArrayOutputStream(json.length + weights.length + 32);
      DataOutputStream out = new DataOutputStream(file);
      out.write(MAGIC);
      out.writeInt(FORMAT_VERSION);
      out.writeInt(json.length);
      out.write(json);
      out.writeLong(weights.length);
      out.write(weights);
      out.flush();
      return file.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException("serializing an artifact in memory failed", e);
    }
  }

  /** @param source names the bytes in error messages, e.g. the file path */
  static Parsed decode(byte[] bytes, String source) throws IOException {
    if (bytes.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
      throw new IOException(source + " is not a JointCS model artifact (no JCSM magic)");
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes).position(MAGIC.length);
    require(buffer, Integer.BYTES * 2, source, "the format version and header length");
    int version = buffer.getInt();
    if (version != FORMAT_VERSION) {
      throw new IOException(source + " has artifact format version " + version + "; this build reads version "
          + FORMAT_VERSION);
    }
    int headerLength = buffer.getInt();
    if (headerLength < 0 || headerLength > MAX_HEADER_BYTES) {
      throw new IOException(source + " declares a header of " + headerLength + " bytes, outside 0.." + MAX_HEADER_BYTES);
    }
    require(buffer, headerLength, source, "the " + headerLength + "-byte header");
    byte[] json = new byte[headerLength];
    buffer.get(json);
    require(buffer, Long.BYTES, source, "the weights length");
    long weightsLength = buffer.getLong();
    if (weightsLength < 0 || weightsLength > buffer.remaining()) {
      throw new IOException(source + " is truncated: the header announces " + weightsLength + " weight bytes but "
          + buffer.remaining() + " remain");
    }
    if (weightsLength < buffer.remaining()) {
      throw new IOException(source + " has " + (buffer.remaining() - weightsLength)
          + " unexpected bytes after its weights");
    }
    ArtifactHeader header = readHeader(json, source);
    ModelSpec spec = specOf(header, source);
    checkCut(header, spec.plan().blockCount(), source);
    return new Parsed(header, spec, buffer.position(), (int) weightsLength);
  }

  private static void require(ByteBuffer buffer, long needed, String source, String what) throws IOException {
    if (buffer.remaining() < needed) {
      throw new IOException(source + " is truncated: " + what + " needs " + needed + " bytes, " + buffer.remaining()
          + " remain");
    }
  }

  private static ArtifactHeader readHeader(byte[] json, String source) throws IOException {
    ArtifactHeader header;
    try {
      header = Json.mapper().readValue(json, ArtifactHeader.class);
    } catch (JsonProcessingException e) {
      throw new IOException(source + " has an unreadable header: " + e.getOriginalMessage(), e);
    }
    if (header.kind() == null || header.architecture() == null || header.widths() == null
        || header.quantization() == null) {
      throw new IOException(source + " has an incomplete header: " + new String(json, StandardCharsets.UTF_8));
    }
    return header;
  }

  private static ModelSpec specOf(ArtifactHeader header, String source) throws IOException {
    Architecture architecture;
    try {
      architecture = Architecture.fromId(header.architecture());
    } catch (IllegalArgumentException e) {
      throw new IOException(source + " names an " + e.getMessage(), e);
    }
    try {
      return new ModelSpec(architecture, header.numClasses(), header.widths());
    } catch (IllegalArgumentException e) {
      throw new IOException(source + " has an invalid spec: " + e.getMessage(), e);
    }
  }

  private static void checkCut(ArtifactHeader header, int blocks, String source) throws IOException {
    if (header.cutPoint() < 0 || header.cutPoint() > blocks) {
      throw new IOException(source + " has cut point " + header.cutPoint() + ", outside 0.." + blocks + " for "
          + header.architecture());
    }
    if (header.kind() == ArtifactKind.FULL
        && (header.cutPoint() != blocks || header.quantization() != CutQuantization.NONE)) {
      throw new IOException(source + " is a FULL artifact but records cut point " + header.cutPoint() + " and "
          + header.quantization() + " (expected " + blocks + " and NONE)");
    }
  }
}
