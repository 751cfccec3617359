package io.jointcs.search;

/** Which cut points a method may use. */
public enum CutPolicy {
  /** c* = argmin over c in 0..B, by enumeration (JointCS, Neurosurgeon). */
  BEST_CUT,
  /** c = B: the whole model on the device (compression-only baselines such as NetAdapt). */
  DEVICE_ONLY
}
