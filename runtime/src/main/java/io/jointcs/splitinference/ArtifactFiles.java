package io.jointcs.splitinference;

import io.jointcs.artifact.ModelArtifact;
import java.io.IOException;
import java.nio.file.Path;

/** Model artifacts as plain files, the way operators hand them to the edge and device processes. */
public final class ArtifactFiles {
  private ArtifactFiles() {}

  /** How logs and the edge's greeting name an artifact file: file name, kind and content address. */
  public static String describe(Path file, ModelArtifact artifact) {
    return file.getFileName() + " (" + artifact.kind() + " sha256 " + artifact.sha256() + ")";
  }
}
