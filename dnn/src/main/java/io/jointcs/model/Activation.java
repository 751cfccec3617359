package io.jointcs.model;

/** Activation applied after a layer. */
public enum Activation {
  NONE,
  RELU,
  /** min(max(x, 0), 6), as in MobileNetV2 */
  RELU6
}
