package io.jointcs.latency.prediction;

import io.jointcs.model.LayerType;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The operator kinds latency samples are about: the DNN library's layer types plus the operators real runtimes
 * report that the CIFAR networks do not use (concatenation, stand-alone activations, ...). Operators that fit none
 * of them are kept as {@link #OTHER} with their runtime name, never dropped.
 */
public enum LayerKind {
  /** dense or grouped convolution (groups &lt; channels); batch-norm and activation fused into it */
  CONV,
  /** depthwise convolution (groups = input channels) */
  DEPTHWISE_CONV,
  /** fully connected layer */
  LINEAR,
  /** element-wise addition of two tensors (residual join) */
  ADD,
  /** element-wise multiplication of two tensors (squeeze-excitation scaling) */
  MUL,
  MAX_POOL,
  /** average pooling with a window smaller than the feature map */
  AVG_POOL,
  /** mean over the whole feature map, one value per channel */
  GLOBAL_AVG_POOL,
  /** concatenation along channels */
  CONCAT,
  /** stand-alone batch normalization (not fused into a convolution) */
  BATCH_NORM,
  /** stand-alone element-wise activation (ReLU, sigmoid, hard-swish, clamp); the op name tells which */
  ACTIVATION,
  /** an operator the converters do not map; its op name is kept */
  OTHER;

  /** The kind of a layer of the DNN library. */
  public static LayerKind of(LayerType type) {
    return switch (type) {
      case CONV -> CONV;
      case DEPTHWISE_CONV -> DEPTHWISE_CONV;
      case ADD -> ADD;
      case MAX_POOL -> MAX_POOL;
      case GLOBAL_AVG_POOL -> GLOBAL_AVG_POOL;
      case LINEAR -> LINEAR;
    };
  }

  /** Parses a kind name; an unknown name is an error that lists the known ones. */
  public static LayerKind parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown layer kind '" + text + "'; known: "
          + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")), e);
    }
  }

  /**
   * Whether operators of this kind with different op names behave differently enough to need separate models
   * (a sigmoid is not a ReLU); for the other kinds the op name is only a label.
   */
  boolean opNameMatters() {
    return this == ACTIVATION || this == OTHER;
  }
}
