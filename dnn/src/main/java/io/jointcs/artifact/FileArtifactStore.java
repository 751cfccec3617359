package io.jointcs.artifact;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Artifacts as files {@code <root>/<sha256>.jcsm}. Writes go to a temporary file in the same
 * directory, are flushed to disk and then renamed, so a reader never sees a half-written artifact
 * and a crash leaves at most a stray temporary file. Every read re-hashes the file.
 */
public final class FileArtifactStore implements ArtifactStore {
  private final Path root;

  public FileArtifactStore(Path root) throws IOException {
    this.root = root;
    Files.createDirectories(root);
  }

  public Path root() {
    return root;
  }

  /** Where the artifact named {@code sha256} lives (whether or not it exists). */
  public Path pathOf(String sha256) {
    return root.resolve(Sha256.requireValid(sha256) + ModelArtifact.FILE_EXTENSION);
  }

  @Override
  public ArtifactRef put(ModelArtifact artifact) throws IOException {
    Path target = pathOf(artifact.sha256());
    if (Files.isRegularFile(target) && Sha256.of(Files.readAllBytes(target)).equals(artifact.sha256())) {
      return artifact.ref();
    }
    Path tmp = root.resolve("." + artifact.sha256() + "." + UUID.randomUUID() + ".tmp");
    try {
      try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
          OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
        artifact.writeTo(out);
        out.flush();
        channel.force(true);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
    return artifact.ref();
  }

  @Override
  public ModelArtifact get(String sha256) throws IOException {
    Path path = pathOf(sha256);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      NoSuchFileException missing = new NoSuchFileException(path.toString(), null,
          "no artifact " + sha256 + " in the store at " + root);
      missing.initCause(e);
      throw missing;
    }
    String actual = Sha256.of(bytes);
    if (!actual.equals(sha256)) {
      throw new IOException("artifact file " + path + " is corrupt: expected sha256 " + sha256 + ", actual " + actual
          + " (" + bytes.length + " bytes)");
    }
    return ModelArtifact.parseOwned(bytes, "artifact file " + path);
  }

  @Override
  public boolean contains(String sha256) {
    return Files.isRegularFile(pathOf(sha256));
  }
}
