package io.jointcs.model;

import java.util.List;

/**
 * One block of a network: the unit of segmentation. Cut point c runs blocks 1..c on the device.
 *
 * @param index 1-based position
 * @param name human name, e.g. {@code stage2.block0}
 * @param residual whether MAIN and SHORTCUT are summed by a JOIN layer
 * @param layers layers in execution order (MAIN first, then SHORTCUT, then JOIN)
 * @param outChannels channels of the block's output
 * @param outHeight height of the block's output (1 after the classifier)
 * @param outWidth width of the block's output (1 after the classifier)
 * @param outputGroup channel group of the block's output, -1 for class scores
 */
public record BlockDescriptor(
    int index,
    String name,
    boolean residual,
    List<LayerDescriptor> layers,
    int outChannels,
    int outHeight,
    int outWidth,
    int outputGroup) {

  public BlockDescriptor {
    layers = List.copyOf(layers);
  }

  /** Elements of the block output for one image. */
  public long outputElements() {
    return (long) outChannels * outHeight * outWidth;
  }

  public long macs() {
    return layers.stream().mapToLong(LayerDescriptor::macs).sum();
  }

  public long params() {
    return layers.stream().mapToLong(LayerDescriptor::params).sum();
  }
}
