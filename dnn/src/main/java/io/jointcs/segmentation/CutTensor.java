package io.jointcs.segmentation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * The activation crossing the network at a cut point, as bytes: float32 little-endian, or uint8
 * levels with the batch's {@link AffineQuantizer}. Immutable.
 */
public final class CutTensor {
  private static final int WIRE_MAGIC = 0x4A435354; // "JCST"
  private static final int MAX_RANK = 8;

  private final Shape shape;
  private final CutQuantization quantization;
  private final AffineQuantizer quantizer;
  private final byte[] data;

  private CutTensor(Shape shape, CutQuantization quantization, AffineQuantizer quantizer, byte[] data) {
    this.shape = Objects.requireNonNull(shape, "shape");
    this.quantization = Objects.requireNonNull(quantization, "quantization");
    this.quantizer = quantizer;
    this.data = data;
    long expected = shape.size() * (quantization.bits() / 8);
    if (data.length != expected) {
      throw new IllegalArgumentException("cut tensor of shape " + shape + " at " + quantization + " needs " + expected
          + " bytes, got " + data.length);
    }
    if ((quantization == CutQuantization.INT8) != (quantizer != null)) {
      throw new IllegalArgumentException("a quantizer is needed exactly for INT8 cut tensors");
    }
  }

  /** Encodes an activation; INT8 computes scale and zero point from this batch's min and max. */
  public static CutTensor encode(NDArray activation, CutQuantization quantization) {
    float[] values = activation.toType(DataType.FLOAT32, false).toFloatArray();
    Shape shape = activation.getShape();
    if (quantization == CutQuantization.NONE) {
      ByteBuffer buffer = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
      buffer.asFloatBuffer().put(values);
      return new CutTensor(shape, quantization, null, buffer.array());
    }
    AffineQuantizer quantizer = AffineQuantizer.forValues(values);
    byte[] levels = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      levels[i] = quantizer.quantize(values[i]);
    }
    return new CutTensor(shape, quantization, quantizer, levels);
  }

  /** The float values (dequantized for INT8), row-major. */
  public float[] values() {
    float[] out = new float[(int) shape.size()];
    if (quantization == CutQuantization.NONE) {
      ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
    } else {
      for (int i = 0; i < out.length; i++) {
        out[i] = quantizer.dequantize(data[i]);
      }
    }
    return out;
  }

  /** The float activation in {@code manager}. */
  public NDArray decode(NDManager manager) {
    return manager.create(values(), shape);
  }

  public Shape shape() {
    return shape;
  }

  public CutQuantization quantization() {
    return quantization;
  }

  /** The INT8 quantizer; absent for NONE. */
  public Optional<AffineQuantizer> quantizer() {
    return Optional.ofNullable(quantizer);
  }

  /** Images in the batch (the first dimension). */
  public long batchSize() {
    return shape.get(0);
  }

  /**
   * The bytes the latency model counts: the elements at their bits, plus the float32 scale and
   * int32 zero point of an INT8 tensor; for one image this is {@link io.jointcs.model.NetworkPlan#cutBytes}.
   */
  public long sizeBytes() {
    return data.length + (quantization == CutQuantization.INT8 ? 8L : 0L);
  }

  /** Wire form: magic, quantization, rank, dims, scale, zero point, data length, data (big-endian framing). */
  public void writeTo(DataOutputStream out) throws IOException {
    out.writeInt(WIRE_MAGIC);
    out.writeByte(quantization.ordinal());
    out.writeByte(shape.dimension());
    for (long dim : shape.getShape()) {
      out.writeLong(dim);
    }
    out.writeFloat(quantizer == null ? 0f : quantizer.scale());
    out.writeInt(quantizer == null ? 0 : quantizer.zeroPoint());
    out.writeInt(data.length);
    out.write(data);
  }

  /** Reads what {@link #writeTo} wrote. */
  public static CutTensor readFrom(DataInputStream in) throws IOException {
    int magic = in.readInt();
    if (magic != WIRE_MAGIC) {
      throw new IOException("not a cut tensor: magic " + Integer.toHexString(magic) + ", expected "
          + Integer.toHexString(WIRE_MAGIC));
    }
    int q = in.readUnsignedByte();
    if (q >= CutQuantization.values().length) {
      throw new IOException("unknown cut quantization code " + q);
    }
    CutQuantization quantization = CutQuantization.values()[q];
    int rank = in.readUnsignedByte();
    if (rank < 1 || rank > MAX_RANK) {
      throw new IOException("cut tensor rank " + rank + " outside 1.." + MAX_RANK);
    }
    long[] dims = new long[rank];
    for (int i = 0; i < rank; i++) {
      dims[i] = in.readLong();
      if (dims[i] < 0) {
        throw new IOException("negative cut tensor dimension " + dims[i]);
      }
    }
    float scale = in.readFloat();
    int zeroPoint = in.readInt();
    int length = in.readInt();
    Shape shape = new Shape(dims);
    long expected = shape.size() * (quantization.bits() / 8);
    if (length != expected) {
      throw new IOException("cut tensor of shape " + shape + " at " + quantization + " needs " + expected
          + " bytes, the header says " + length);
    }
    byte[] data = new byte[length];
    in.readFully(data);
    try {
      return new CutTensor(shape, quantization,
          quantization == CutQuantization.INT8 ? new AffineQuantizer(scale, zeroPoint) : null, data);
    } catch (IllegalArgumentException e) {
      throw new IOException("invalid cut tensor: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CutTensor other && shape.equals(other.shape) && quantization == other.quantization
        && Objects.equals(quantizer, other.quantizer) && Arrays.equals(data, other.data);
  }

  @Override
  public int hashCode() {
    return Objects.hash(shape, quantization, quantizer, Arrays.hashCode(data));
  }

  @Override
  public String toString() {
    return "CutTensor" + shape + " " + quantization + " " + sizeBytes() + " bytes";
  }
}
