package io.jointcs.model;

/**
 * One layer of a concrete network, with everything the latency predictors and the pruner need.
 * Computed analytically from a {@link ModelSpec}; tests check it against the shapes DJL produces.
 *
 * @param name unique within the network, e.g. {@code b3.conv1}
 * @param blockIndex 1-based index of the block holding the layer (cut points sit between blocks)
 * @param path branch of the block
 * @param type layer kind
 * @param activation activation applied after it
 * @param inChannels input channels
 * @param outChannels output channels
 * @param kernel square kernel size (0 when not applicable)
 * @param stride stride (0 when not applicable)
 * @param padding zero padding on each side
 * @param groups convolution groups (1 = dense, = channels for depthwise)
 * @param inHeight input height
 * @param inWidth input width
 * @param outHeight output height (1 for LINEAR)
 * @param outWidth output width (1 for LINEAR)
 * @param macs multiply-accumulates for one image
 * @param params learnable parameters (batch-norm gamma and beta included, running statistics not)
 * @param inputGroup channel group of the input channels, -1 for the image
 * @param outputGroup channel group of the output channels, -1 for class scores
 */
public record LayerDescriptor(
    String name,
    int blockIndex,
    Path path,
    LayerType type,
    Activation activation,
    int inChannels,
    int outChannels,
    int kernel,
    int stride,
    int padding,
    int groups,
    int inHeight,
    int inWidth,
    int outHeight,
    int outWidth,
    long macs,
    long params,
    int inputGroup,
    int outputGroup) {

  /** Bytes of the input activation for one image at 32-bit floats. */
  public long inputBytes() {
    return 4L * inChannels * inHeight * inWidth;
  }

  /** Bytes of the output activation for one image at 32-bit floats. */
  public long outputBytes() {
    return 4L * outChannels * outHeight * outWidth;
  }
}
