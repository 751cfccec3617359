package io.jointcs.segmentation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.jointcs.model.ModelSpec;
import java.util.Objects;

/** The edge side of a split model: decodes the cut tensor and runs blocks c+1..B to class scores. */
public final class Tail implements AutoCloseable {
  private final BlockRange blocks;
  private final CutQuantization quantization;

  /**
   * @param quantization what the matching head sends; the tail decodes whatever a cut tensor says it
   *     is, this records the pairing
   */
  public Tail(BlockRange blocks, CutQuantization quantization) {
    this.blocks = Objects.requireNonNull(blocks, "blocks");
    this.quantization = Objects.requireNonNull(quantization, "quantization");
    if (blocks.toCut() != blocks.plan().blockCount()) {
      throw new IllegalArgumentException("a tail ends at the class scores (cut point " + blocks.plan().blockCount()
          + "), not at cut point " + blocks.toCut());
    }
  }

  /** Class scores (N, classes) for a cut tensor, created in {@code manager}. */
  public NDArray run(CutTensor cut, NDManager manager) {
    Shape expected = BlockRange.cutShape(blocks.plan(), cutPoint(), cut.batchSize());
    if (!cut.shape().equals(expected)) {
      throw new IllegalArgumentException("the tail of " + spec().architecture().id() + " at cut point " + cutPoint()
          + " takes " + expected + ", got a cut tensor of shape " + cut.shape());
    }
    return blocks.forward(cut.decode(manager));
  }

  /** The cut point c. */
  public int cutPoint() {
    return blocks.fromCut();
  }

  public CutQuantization quantization() {
    return quantization;
  }

  public ModelSpec spec() {
    return blocks.plan().spec();
  }

  public BlockRange blocks() {
    return blocks;
  }

  @Override
  public void close() {
    blocks.close();
  }
}
