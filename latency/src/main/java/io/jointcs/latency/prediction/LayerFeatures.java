package io.jointcs.latency.prediction;

import io.jointcs.model.LayerDescriptor;
import java.util.Objects;

/**
 * Architecture features of one layer configuration: what every latency predictor takes as input. Built from a
 * {@link LayerDescriptor} of the DNN library (what the profiler times and the search asks about) or from a
 * runtime's operator description (the phone dataset).
 *
 * <p>Conventions, shared by every source so that one predictor can serve all of them: layers without a spatial
 * kernel have kernelSize = stride = groups = 1 and padding = 0; a LINEAR layer has 1x1 maps and its features as
 * channels; bytes are counted at 4 bytes per element (float32-equivalent) whatever precision the runtime used, and
 * an element-wise layer counts one input tensor; MACs are 0 for layers that do no multiply-accumulates (pooling,
 * addition, concatenation, activations), as the DNN library counts them.
 *
 * @param kind operator kind
 * @param opName the source's own name of the operator (e.g. {@code CONV_2D_GROUP}, {@code aten::relu}); it
 *     separates models only for {@link LayerKind#ACTIVATION} and {@link LayerKind#OTHER}
 * @param batchSize samples per forward pass; macs and bytes are for the whole batch
 */
public record LayerFeatures(
    LayerKind kind,
    String opName,
    int inChannels,
    int outChannels,
    int kernelSize,
    int stride,
    int padding,
    int groups,
    int inputHeight,
    int inputWidth,
    int outputHeight,
    int outputWidth,
    int batchSize,
    long macs,
    long params,
    long inputBytes,
    long outputBytes) {

  /** Bytes per activation element in the byte features (float32). */
  public static final int ELEMENT_BYTES = 4;

  public LayerFeatures {
    Objects.requireNonNull(kind, "layer features: kind is missing");
    if (opName == null || opName.isBlank()) {
      throw new IllegalArgumentException("layer features: opName is missing for a " + kind + " layer");
    }
    atLeast("inChannels", inChannels, 1);
    atLeast("outChannels", outChannels, 1);
    atLeast("kernelSize", kernelSize, 1);
    atLeast("stride", stride, 1);
    atLeast("padding", padding, 0);
    atLeast("groups", groups, 1);
    atLeast("inputHeight", inputHeight, 1);
    atLeast("inputWidth", inputWidth, 1);
    atLeast("outputHeight", outputHeight, 1);
    atLeast("outputWidth", outputWidth, 1);
    atLeast("batchSize", batchSize, 1);
    atLeast("macs", macs, 0);
    atLeast("params", params, 0);
    atLeast("inputBytes", inputBytes, 1);
    atLeast("outputBytes", outputBytes, 1);
  }

  /** Features of a DNN-library layer run with {@code batchSize} samples. */
  public static LayerFeatures of(LayerDescriptor layer, int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize + " for " + layer.name());
    }
    return new LayerFeatures(LayerKind.of(layer.type()), layer.type().name(), layer.inChannels(),
        layer.outChannels(), Math.max(1, layer.kernel()), Math.max(1, layer.stride()), layer.padding(),
        Math.max(1, layer.groups()), layer.inHeight(), layer.inWidth(), layer.outHeight(), layer.outWidth(),
        batchSize, layer.macs() * batchSize, layer.params(), layer.inputBytes() * batchSize,
        layer.outputBytes() * batchSize);
  }

  /** Features of a DNN-library layer for one image. */
  public static LayerFeatures of(LayerDescriptor layer) {
    return of(layer, 1);
  }

  /** The same layer run with {@code newBatchSize} samples: MACs and activation bytes scale with the batch. */
  public LayerFeatures withBatchSize(int newBatchSize) {
    if (newBatchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, got " + newBatchSize);
    }
    if (newBatchSize == batchSize) {
      return this;
    }
    return new LayerFeatures(kind, opName, inChannels, outChannels, kernelSize, stride, padding, groups, inputHeight,
        inputWidth, outputHeight, outputWidth, newBatchSize, macs / batchSize * newBatchSize, params,
        Math.max(1, inputBytes / batchSize * newBatchSize), Math.max(1, outputBytes / batchSize * newBatchSize));
  }

  /**
   * The key predictors keep separate models under: the kind, qualified by the op name where it matters
   * ({@code ACTIVATION:aten::sigmoid}).
   */
  public String groupKey() {
    return kind.opNameMatters() ? kind.name() + ":" + opName : kind.name();
  }

  /** Whether each output channel reads exactly one input channel. */
  public boolean depthwise() {
    return kind == LayerKind.DEPTHWISE_CONV;
  }

  /** Input elements of the whole batch. */
  public long inputElements() {
    return inputBytes / ELEMENT_BYTES;
  }

  /** Output elements of the whole batch. */
  public long outputElements() {
    return outputBytes / ELEMENT_BYTES;
  }

  private static void atLeast(String field, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException("layer features: " + field + " must be at least " + min + ", got " + value);
    }
  }
}
