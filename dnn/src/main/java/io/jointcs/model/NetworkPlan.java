package io.jointcs.model;

import java.util.List;

/**
 * The blocks and layers of a concrete network, derived from its spec. Cut point c in 0..B runs
 * blocks 1..c on the device; c = 0 uploads the input, c = B sends only the class scores.
 */
public record NetworkPlan(ModelSpec spec, int inputChannels, int inputHeight, int inputWidth,
    List<BlockDescriptor> blocks) {

  public NetworkPlan {
    blocks = List.copyOf(blocks);
  }

  /** B, the number of blocks. */
  public int blockCount() {
    return blocks.size();
  }

  public BlockDescriptor block(int index) {
    return blocks.get(index - 1);
  }

  public List<LayerDescriptor> layers() {
    return blocks.stream().flatMap(b -> b.layers().stream()).toList();
  }

  public long macs() {
    return blocks.stream().mapToLong(BlockDescriptor::macs).sum();
  }

  public long params() {
    return blocks.stream().mapToLong(BlockDescriptor::params).sum();
  }

  /** Elements of the tensor crossing the network at cut point c, for one image. */
  public long cutElements(int cutPoint) {
    checkCutPoint(cutPoint);
    return cutPoint == 0
        ? (long) inputChannels * inputHeight * inputWidth
        : block(cutPoint).outputElements();
  }

  /**
   * Bytes sent at cut point c for one image: elements x bits / 8; an 8-bit cut also carries its
   * float32 scale and int32 zero point.
   */
  public long cutBytes(int cutPoint, int bits) {
    if (bits != 32 && bits != 8) {
      throw new IllegalArgumentException("cut tensor bits must be 32 or 8, got " + bits);
    }
    long payload = cutElements(cutPoint) * bits / 8;
    return bits == 8 ? payload + 8 : payload;
  }

  public void checkCutPoint(int cutPoint) {
    if (cutPoint < 0 || cutPoint > blockCount()) {
      throw new IllegalArgumentException("cut point " + cutPoint + " is outside 0.." + blockCount()
          + " for " + spec.architecture().id());
    }
  }
}
