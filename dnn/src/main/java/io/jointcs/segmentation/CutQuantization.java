package io.jointcs.segmentation;

/** How the tensor at the cut point travels from head to tail. */
public enum CutQuantization {
  /** float32, unchanged */
  NONE(32),
  /** per-tensor affine uint8 with one float32 scale and int32 zero point per batch */
  INT8(8);

  private final int bits;

  CutQuantization(int bits) {
    this.bits = bits;
  }

  /** Bits per element, as {@link io.jointcs.model.NetworkPlan#cutBytes} takes them. */
  public int bits() {
    return bits;
  }
}
