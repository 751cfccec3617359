package io.jointcs.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Walks an architecture forward, tracking the running tensor (channels, group, height, width), and
 * emits the layer and block descriptors. The architecture classes only say which layers come next.
 */
final class PlanBuilder {
  private record Cursor(int channels, int group, int height, int width) {}

  private final ModelSpec spec;
  private final Cursor input;
  private final List<BlockDescriptor> blocks = new ArrayList<>();
  private Cursor cursor;

  private String blockName;
  private boolean residual;
  private Cursor blockInput;
  private Cursor shortcut;
  private List<LayerDescriptor> layers;

  PlanBuilder(ModelSpec spec, int channels, int height, int width) {
    this.spec = spec;
    this.input = new Cursor(channels, -1, height, width);
    this.cursor = input;
  }

  void beginBlock(String name, boolean isResidual) {
    blockName = name;
    residual = isResidual;
    blockInput = cursor;
    shortcut = cursor;
    layers = new ArrayList<>();
  }

  private int blockIndex() {
    return blocks.size() + 1;
  }

  private String layerName(String role) {
    return "b" + blockIndex() + "." + role;
  }

  /** Dense convolution producing the channels of {@code outGroup}; padding keeps "same" size. */
  void conv(String role, int outGroup, int kernel, int stride, Activation activation) {
    cursor = convolution(role, Path.MAIN, cursor, outGroup, spec.width(outGroup), kernel, stride, 1, activation);
  }

  /** Depthwise convolution: the output stays in the input's channel group. */
  void depthwise(String role, int kernel, int stride, Activation activation) {
    cursor = convolution(role, Path.MAIN, cursor, cursor.group, cursor.channels, kernel, stride,
        cursor.channels, activation);
  }

  /** Projection shortcut (1x1 conv + batch-norm) from the block input. */
  void shortcutConv(String role, int outGroup, int stride) {
    shortcut = convolution(role, Path.SHORTCUT, blockInput, outGroup, spec.width(outGroup), 1, stride, 1,
        Activation.NONE);
  }

  private Cursor convolution(String role, Path path, Cursor in, int outGroup, int outChannels, int kernel,
      int stride, int groups, Activation activation) {
    int padding = kernel / 2;
    int outHeight = (in.height + 2 * padding - kernel) / stride + 1;
    int outWidth = (in.width + 2 * padding - kernel) / stride + 1;
    long macs = (long) outHeight * outWidth * outChannels * (in.channels / groups) * kernel * kernel;
    long params = (long) outChannels * (in.channels / groups) * kernel * kernel + 2L * outChannels;
    LayerType type = groups == 1 ? LayerType.CONV : LayerType.DEPTHWISE_CONV;
    layers.add(new LayerDescriptor(layerName(role), blockIndex(), path, type, activation, in.channels,
        outChannels, kernel, stride, padding, groups, in.height, in.width, outHeight, outWidth, macs, params,
        in.group, outGroup));
    return new Cursor(outChannels, outGroup, outHeight, outWidth);
  }

  void maxPool(String role) {
    Cursor in = cursor;
    cursor = new Cursor(in.channels, in.group, in.height / 2, in.width / 2);
    layers.add(new LayerDescriptor(layerName(role), blockIndex(), Path.MAIN, LayerType.MAX_POOL, Activation.NONE,
        in.channels, in.channels, 2, 2, 0, 1, in.height, in.width, cursor.height, cursor.width, 0, 0,
        in.group, in.group));
  }

  void globalAvgPool(String role) {
    Cursor in = cursor;
    cursor = new Cursor(in.channels, in.group, 1, 1);
    layers.add(new LayerDescriptor(layerName(role), blockIndex(), Path.MAIN, LayerType.GLOBAL_AVG_POOL,
        Activation.NONE, in.channels, in.channels, in.height, 1, 0, 1, in.height, in.width, 1, 1, 0, 0,
        in.group, in.group));
  }

  void linear(String role, int outFeatures) {
    Cursor in = cursor;
    int inFeatures = in.channels * in.height * in.width;
    layers.add(new LayerDescriptor(layerName(role), blockIndex(), Path.MAIN, LayerType.LINEAR, Activation.NONE,
        inFeatures, outFeatures, 1, 1, 0, 1, in.height, in.width, 1, 1, (long) inFeatures * outFeatures,
        (long) inFeatures * outFeatures + outFeatures, in.group, -1));
    cursor = new Cursor(outFeatures, -1, 1, 1);
  }

  /** Residual addition of MAIN and SHORTCUT (identity when no shortcut conv was added). */
  void join(Activation activation) {
    if (!residual) {
      throw new IllegalStateException("block " + blockName + " is not residual");
    }
    if (shortcut.group != cursor.group || shortcut.channels != cursor.channels
        || shortcut.height != cursor.height || shortcut.width != cursor.width) {
      throw new IllegalStateException("block " + blockName + ": shortcut " + shortcut + " does not match main path "
          + cursor);
    }
    layers.add(new LayerDescriptor(layerName("add"), blockIndex(), Path.JOIN, LayerType.ADD, activation,
        cursor.channels, cursor.channels, 0, 0, 0, 1, cursor.height, cursor.width, cursor.height, cursor.width, 0,
        0, cursor.group, cursor.group));
  }

  void endBlock() {
    blocks.add(new BlockDescriptor(blockIndex(), blockName, residual, layers, cursor.channels, cursor.height,
        cursor.width, cursor.group));
  }

  NetworkPlan build() {
    return new NetworkPlan(spec, input.channels, input.height, input.width, blocks);
  }
}
