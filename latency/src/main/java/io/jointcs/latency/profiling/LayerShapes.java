package io.jointcs.latency.profiling;

import io.jointcs.model.LayerDescriptor;

/**
 * A layer of a real network with other channel counts: the layer a pruned model would have. Spatial geometry
 * (kernel, stride, padding, sizes) stays; channels, MACs and parameters follow the formulas of the DNN library's
 * plan builder (a test checks the result against plans of randomly pruned models, layer by layer).
 */
public final class LayerShapes {
  private LayerShapes() {}

  /**
   * @param layer a layer of some network
   * @param inChannels new input channels (input features for LINEAR)
   * @param outChannels new output channels; must equal inChannels for layers that keep the channel count
   * @param name name of the result
   */
  public static LayerDescriptor resize(LayerDescriptor layer, int inChannels, int outChannels, String name) {
    if (inChannels < 1 || outChannels < 1) {
      throw new IllegalArgumentException("layer " + layer.name() + ": channels must be >= 1, got " + inChannels
          + " -> " + outChannels);
    }
    long spatialOut = (long) layer.outHeight() * layer.outWidth();
    long k2 = (long) layer.kernel() * layer.kernel();
    int groups = layer.groups();
    long macs;
    long params;
    switch (layer.type()) {
      case CONV -> {
        groups = 1;
        macs = spatialOut * outChannels * inChannels * k2;
        params = (long) outChannels * inChannels * k2 + 2L * outChannels;
      }
      case DEPTHWISE_CONV -> {
        sameChannels(layer, inChannels, outChannels);
        groups = inChannels;
        macs = spatialOut * outChannels * k2;
        params = outChannels * k2 + 2L * outChannels;
      }
      case LINEAR -> {
        macs = (long) inChannels * outChannels;
        params = (long) inChannels * outChannels + outChannels;
      }
      case ADD, MAX_POOL, GLOBAL_AVG_POOL -> {
        sameChannels(layer, inChannels, outChannels);
        macs = 0;
        params = 0;
      }
      default -> throw new IllegalArgumentException("unsupported layer type " + layer.type());
    }
    return new LayerDescriptor(name, layer.blockIndex(), layer.path(), layer.type(), layer.activation(), inChannels,
        outChannels, layer.kernel(), layer.stride(), layer.padding(), groups, layer.inHeight(), layer.inWidth(),
        layer.outHeight(), layer.outWidth(), macs, params, layer.inputGroup(), layer.outputGroup());
  }

  /** Whether the layer's output channels are its input channels (depthwise, pooling, addition). */
  public static boolean keepsChannels(LayerDescriptor layer) {
    return switch (layer.type()) {
      case DEPTHWISE_CONV, ADD, MAX_POOL, GLOBAL_AVG_POOL -> true;
      case CONV, LINEAR -> false;
    };
  }

  private static void sameChannels(LayerDescriptor layer, int in, int out) {
    if (in != out) {
      throw new IllegalArgumentException("layer " + layer.name() + " (" + layer.type()
          + ") keeps its channel count, got " + in + " -> " + out);
    }
  }
}
