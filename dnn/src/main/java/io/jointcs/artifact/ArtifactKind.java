package io.jointcs.artifact;

/** What part of a network an artifact holds. */
public enum ArtifactKind {
  /** every block, 1..B */
  FULL,
  /** blocks 1..c, run on the device, with the cut tensor's quantization */
  HEAD,
  /** blocks c+1..B, run on the edge */
  TAIL
}
