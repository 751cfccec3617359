package io.jointcs.splitinference;

import io.jointcs.artifact.ModelArtifact;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Model artifacts as plain files, the way operators hand them to the edge and device processes. */
public final class ArtifactFiles {
  private ArtifactFiles() {}

  /** Reads and checks an artifact file's framing and header; weights are checked when loaded. */
  public static ModelArtifact read(Path file) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(file.toString(), null, "no artifact file " + file);
    }
    return ModelArtifact.parse(bytes, "artifact file " + file);
  }

  /** How logs and the edge's greeting name an artifact file: file name, kind and content address. */
  public static String describe(Path file, ModelArtifact artifact) {
    return file.getFileName() + " (" + artifact.kind() + " sha256 " + artifact.sha256() + ")";
  }
}
