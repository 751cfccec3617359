package io.jointcs.artifact;

import io.jointcs.model.ModelSpec;
import io.jointcs.segmentation.CutQuantization;
import java.util.Objects;

/**
 * How events refer to a stored artifact: its content address plus what it holds.
 *
 * @param sha256 SHA-256 of the artifact file, 64 lowercase hex digits
 * @param kind which blocks it holds
 * @param spec the network it belongs to
 * @param cutPoint HEAD: blocks 1..c; TAIL: blocks c+1..B; FULL: B (all blocks)
 * @param quantization of the cut tensor (NONE for FULL)
 * @param sizeBytes size of the artifact file
 */
public record ArtifactRef(String sha256, ArtifactKind kind, ModelSpec spec, int cutPoint,
    CutQuantization quantization, long sizeBytes) {

  public ArtifactRef {
    Sha256.requireValid(sha256);
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(quantization, "quantization");
  }
}
