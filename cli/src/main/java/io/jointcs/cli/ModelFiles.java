package io.jointcs.cli;

import io.jointcs.artifact.ModelArtifact;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Model artifacts given on the command line are plain files. */
final class ModelFiles {
  private ModelFiles() {}

  static ModelArtifact read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("model artifact " + file + " does not exist");
    }
    return ModelArtifact.parse(Files.readAllBytes(file), file.toString());
  }

  /** Writes the artifact to {@code target}, or into it as {@code <sha256>.jcsm} when it is a directory. */
  static Path write(ModelArtifact artifact, Path target) throws IOException {
    Path file = Files.isDirectory(target) ? target.resolve(artifact.sha256() + ModelArtifact.FILE_EXTENSION) : target;
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    try (OutputStream out = Files.newOutputStream(file)) {
      artifact.writeTo(out);
    }
    return file;
  }
}
