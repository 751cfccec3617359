package io.jointcs.model;

/** The layer kinds the architectures are made of; the unit both the DJL builder and the latency predictors see. */
public enum LayerType {
  /** convolution (no bias) followed by batch-norm and an optional activation */
  CONV,
  /** depthwise convolution (groups = channels) with batch-norm and an optional activation */
  DEPTHWISE_CONV,
  /** element-wise residual addition, then an optional activation */
  ADD,
  /** 2x2 max pooling */
  MAX_POOL,
  /** global average pooling to one value per channel */
  GLOBAL_AVG_POOL,
  /** fully connected layer with bias */
  LINEAR
}
