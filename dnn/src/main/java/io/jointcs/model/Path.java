package io.jointcs.model;

/** Which branch of a block a layer sits on: residual blocks run MAIN and SHORTCUT, then ADD. */
public enum Path {
  MAIN,
  SHORTCUT,
  /** the join of a residual block */
  JOIN
}
