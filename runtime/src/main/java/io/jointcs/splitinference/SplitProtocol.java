package io.jointcs.splitinference;

import io.jointcs.segmentation.CutQuantization;
import io.jointcs.segmentation.CutTensor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The device-edge wire protocol over one TCP connection (big-endian framing, like {@link CutTensor}):
 *
 * <pre>
 * server, on accept:  hello   = "JCSH" version:int arch:utf classes:int nWidths:int widths:int* cut:int
 *                               quantization:utf source:utf
 * client, repeated:   request = "JCSQ" requestId:long length:int payload (the CutTensor wire form)
 *                  or probe   = "JCSP" requestId:long length:int padding (length bytes, ignored)
 * server, per request: reply  = "JCSA" requestId:long status:byte
 *                               OK:       edgeNanos:long rows:int cols:int scores:float32-LE[rows*cols]
 *                               REJECTED: reason:utf
 * </pre>
 *
 * A probe is answered at once with an OK reply of 0 x 0 scores and edgeNanos 0: a device times it
 * through its uplink to measure bandwidth and round-trip time without running the model.
 *
 * <p>The request carries its payload length so the server can bound what it allocates before
 * parsing, and so a garbage frame is recognised as such instead of being half-read.
 */
public final class SplitProtocol {
  public static final int VERSION = 1;
  static final int HELLO_MAGIC = 0x4A435348; // "JCSH"
  static final int REQUEST_MAGIC = 0x4A435351; // "JCSQ"
  static final int REPLY_MAGIC = 0x4A435341; // "JCSA"
  static final int PROBE_MAGIC = 0x4A435350; // "JCSP"
  static final byte STATUS_OK = 0;
  static final byte STATUS_REJECTED = 1;
  /** magic, request id, payload length */
  static final int REQUEST_HEADER_BYTES = 4 + 8 + 4;
  private static final int MAX_WIDTHS = 4096;

  private SplitProtocol() {}

  /** A request frame as read by the server; {@code cut} is null for a probe frame. */
  record Request(long requestId, CutTensor cut, int frameBytes) {
    boolean probe() {
      return cut == null;
    }
  }

  static void writeHello(DataOutputStream out, EdgeHello hello) throws IOException {
    out.writeInt(HELLO_MAGIC);
    out.writeInt(hello.protocolVersion());
    out.writeUTF(hello.architecture());
    out.writeInt(hello.numClasses());
    out.writeInt(hello.widths().size());
    for (int width : hello.widths()) {
      out.writeInt(width);
    }
    out.writeInt(hello.cutPoint());
    out.writeUTF(hello.quantization().name());
    out.writeUTF(hello.source());
    out.flush();
  }

  static EdgeHello readHello(DataInputStream in) throws IOException {
    int magic = in.readInt();
    if (magic != HELLO_MAGIC) {
      throw new IOException("not a JointCS edge server (greeting starts with 0x" + Integer.toHexString(magic) + ")");
    }
    int version = in.readInt();
    if (version != VERSION) {
      throw new IOException("the edge speaks split protocol version " + version + ", this device speaks " + VERSION);
    }
    String architecture = in.readUTF();
    int numClasses = in.readInt();
    int count = in.readInt();
    if (count < 0 || count > MAX_WIDTHS) {
      throw new IOException("edge greeting announces " + count + " widths");
    }
    List<Integer> widths = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      widths.add(in.readInt());
    }
    int cutPoint = in.readInt();
    String quantization = in.readUTF();
    String source = in.readUTF();
    try {
      return new EdgeHello(version, architecture, numClasses, widths, cutPoint, CutQuantization.valueOf(quantization),
          source);
    } catch (IllegalArgumentException e) {
      throw new IOException("edge greeting names an unknown cut quantization '" + quantization + "'", e);
    }
  }

  /** The whole request frame as bytes, which the uplink then paces onto the socket. */
  static byte[] encodeRequest(long requestId, CutTensor cut) {
    ByteArrayOutputStream payload = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 64,
        cut.sizeBytes() + 64));
    try {
      cut.writeTo(new DataOutputStream(payload));
      ByteArrayOutputStream frame = new ByteArrayOutputStream(REQUEST_HEADER_BYTES + payload.size());
      DataOutputStream out = new DataOutputStream(frame);
      out.writeInt(REQUEST_MAGIC);
      out.writeLong(requestId);
      out.writeInt(payload.size());
      payload.writeTo(out);
      out.flush();
      return frame.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException("encoding a request in memory failed", e);
    }
  }

  /** A probe frame carrying {@code paddingBytes} of zeros, so its size on the uplink is known. */
  static byte[] encodeProbe(long requestId, int paddingBytes) {
    if (paddingBytes < 0) {
      throw new IllegalArgumentException("probe padding must be >= 0 bytes, got " + paddingBytes);
    }
    ByteBuffer frame = ByteBuffer.allocate(REQUEST_HEADER_BYTES + paddingBytes); // big-endian, zero-filled
    frame.putInt(PROBE_MAGIC).putLong(requestId).putInt(paddingBytes);
    return frame.array();
  }

  /**
   * The next request, or null when the client closed the connection between frames.
   *
   * @throws MalformedFrameException when the bytes are not a request frame
   */
  static Request readRequest(DataInputStream in, int maxPayloadBytes) throws IOException {
    int first = in.read();
    if (first < 0) {
      return null;
    }
    try {
      int magic = (first << 24) | (in.readUnsignedByte() << 16) | (in.readUnsignedByte() << 8)
          | in.readUnsignedByte();
      if (magic != REQUEST_MAGIC && magic != PROBE_MAGIC) {
        throw new MalformedFrameException("frame starts with 0x" + Integer.toHexString(magic) + ", expected "
            + "0x" + Integer.toHexString(REQUEST_MAGIC) + " (\"JCSQ\") or 0x" + Integer.toHexString(PROBE_MAGIC)
            + " (\"JCSP\")");
      }
      long requestId = in.readLong();
      int length = in.readInt();
      if (length < 0 || length > maxPayloadBytes) {
        throw new MalformedFrameException("request " + requestId + " announces a payload of " + length
            + " bytes, outside 0.." + maxPayloadBytes);
      }
      if (magic == PROBE_MAGIC) {
        in.skipNBytes(length); // EOFException when the frame is cut short, as for a request
        return new Request(requestId, null, REQUEST_HEADER_BYTES + length);
      }
      byte[] payload = new byte[length];
      in.readFully(payload);
      ByteArrayInputStream bytes = new ByteArrayInputStream(payload);
      CutTensor cut;
      try {
        cut = CutTensor.readFrom(new DataInputStream(bytes));
      } catch (EOFException e) {
        throw new MalformedFrameException("request " + requestId + ": the payload ends inside the cut tensor");
      } catch (IOException e) {
        throw new MalformedFrameException("request " + requestId + ": " + e.getMessage());
      }
      if (bytes.available() > 0) {
        throw new MalformedFrameException("request " + requestId + ": " + bytes.available()
            + " bytes left after the cut tensor");
      }
      return new Request(requestId, cut, REQUEST_HEADER_BYTES + length);
    } catch (EOFException e) {
      throw new MalformedFrameException("the connection ended inside a request frame");
    }
  }

  static void writeReply(DataOutputStream out, long requestId, int rows, int cols, float[] scores, long edgeNanos)
      throws IOException {
    out.writeInt(REPLY_MAGIC);
    out.writeLong(requestId);
    out.writeByte(STATUS_OK);
    out.writeLong(edgeNanos);
    out.writeInt(rows);
    out.writeInt(cols);
    ByteBuffer buffer = ByteBuffer.allocate(scores.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    buffer.asFloatBuffer().put(scores);
    out.write(buffer.array());
    out.flush();
  }

  static void writeRejection(DataOutputStream out, long requestId, String reason) throws IOException {
    out.writeInt(REPLY_MAGIC);
    out.writeLong(requestId);
    out.writeByte(STATUS_REJECTED);
    // writeUTF holds at most 65535 bytes; reasons are one line
    out.writeUTF(reason.length() > 2000 ? reason.substring(0, 2000) + "..." : reason);
    out.flush();
  }

  /**
   * The reply to a request.
   *
   * @throws EdgeRejectedException when the edge rejected the request
   */
  static EdgeReply readReply(DataInputStream in, int maxScores) throws IOException {
    int magic = in.readInt();
    if (magic != REPLY_MAGIC) {
      throw new IOException("the edge sent a frame starting with 0x" + Integer.toHexString(magic)
          + " where a reply was expected");
    }
    long requestId = in.readLong();
    byte status = in.readByte();
    if (status == STATUS_REJECTED) {
      throw new EdgeRejectedException(requestId, in.readUTF());
    }
    if (status != STATUS_OK) {
      throw new IOException("the edge sent reply status " + status + " for request " + requestId);
    }
    long edgeNanos = in.readLong();
    int rows = in.readInt();
    int cols = in.readInt();
    if (rows < 0 || cols < 0 || (long) rows * cols > maxScores) {
      throw new IOException("the edge announces " + rows + " x " + cols + " scores for request " + requestId);
    }
    byte[] bytes = new byte[rows * cols * Float.BYTES];
    in.readFully(bytes);
    float[] scores = new float[rows * cols];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(scores);
    return new EdgeReply(requestId, rows, cols, scores, edgeNanos);
  }
}
