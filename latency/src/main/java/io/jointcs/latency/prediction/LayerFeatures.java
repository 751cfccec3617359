package io.jointcs.latency.prediction;

import io.jointcs.model.Activation;
import io.jointcs.model.LayerDescriptor;
import java.util.Objects;
import java.util.Set;

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
 * @param fusedActivation activation the layer applies to its own output inside the timed operation; null when the
 *     source does not say (converted benchmark tables, older telemetry). It is part of the layer group: on this
 *     project's CPU a residual addition with its ReLU measured up to twice as slow as one without on the same shape
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
    long outputBytes,
    Activation fusedActivation) {

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

  /** Features from a source that does not say which activation a layer applies (fusedActivation null). */
  public LayerFeatures(LayerKind kind, String opName, int inChannels, int outChannels, int kernelSize, int stride,
      int padding, int groups, int inputHeight, int inputWidth, int outputHeight, int outputWidth, int batchSize,
      long macs, long params, long inputBytes, long outputBytes) {
    this(kind, opName, inChannels, outChannels, kernelSize, stride, padding, groups, inputHeight, inputWidth,
        outputHeight, outputWidth, batchSize, macs, params, inputBytes, outputBytes, null);
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
        layer.outputBytes() * batchSize, layer.activation());
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
        Math.max(1, inputBytes / batchSize * newBatchSize), Math.max(1, outputBytes / batchSize * newBatchSize),
        fusedActivation);
  }

  /**
   * The key predictors keep separate models under: the kind, qualified by the op name where it matters
   * ({@code ACTIVATION:aten::sigmoid}) and by the fused activation when it is known ({@code CONV+RELU6}).
   */
  public String groupKey() {
    return fusedActivation == null ? kindKey() : kindKey() + "+" + fusedActivation.name();
  }

  /** The group key without the fused activation: the group of data that does not say it. */
  public String kindKey() {
    return kind.opNameMatters() ? kind.name() + ":" + opName : kind.name();
  }

  /**
   * The group of {@code known} this layer belongs to: its own, else (a predictor trained on data that did not say
   * the activation) its kind's; null when neither was trained.
   */
  public String groupIn(Set<String> known) {
    if (known.contains(groupKey())) {
      return groupKey();
    }
    return known.contains(kindKey()) ? kindKey() : null;
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
