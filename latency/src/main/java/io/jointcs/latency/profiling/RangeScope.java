package io.jointcs.latency.profiling;

/** Which blocks a range measurement ran; cut point c runs blocks 1..c on the device. */
public enum RangeScope {
  /** blocks 1..B */
  MODEL,
  /** one block b: cut b-1 to cut b */
  BLOCK,
  /** blocks 1..c, the device part of a split at c */
  HEAD,
  /** blocks c+1..B, the edge part of a split at c */
  TAIL
}
