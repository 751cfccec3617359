package io.jointcs.segmentation;

import ai.djl.ndarray.NDArray;
import io.jointcs.model.ModelSpec;
import java.util.Objects;

/** The device side of a split model: blocks 1..c, then the cut tensor encoded for the network. */
public final class Head implements AutoCloseable {
  private final BlockRange blocks;
  private final CutQuantization quantization;

  public Head(BlockRange blocks, CutQuantization quantization) {
    this.blocks = Objects.requireNonNull(blocks, "blocks");
    this.quantization = Objects.requireNonNull(quantization, "quantization");
    if (blocks.fromCut() != 0) {
      throw new IllegalArgumentException("a head starts at the input, not at cut point " + blocks.fromCut());
    }
  }

  /**
   * Runs blocks 1..c on a batch of normalized images (N, 3, 32, 32) and encodes the result;
   * intermediate arrays live in the images' manager.
   */
  public CutTensor run(NDArray images) {
    return CutTensor.encode(blocks.forward(images), quantization);
  }

  /** The cut point c. */
  public int cutPoint() {
    return blocks.toCut();
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
