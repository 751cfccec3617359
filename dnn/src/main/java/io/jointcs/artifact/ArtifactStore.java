package io.jointcs.artifact;

import ai.djl.ndarray.NDManager;
import io.jointcs.model.Network;
import io.jointcs.segmentation.Head;
import io.jointcs.segmentation.Tail;
import java.io.IOException;

/**
 * Content-addressed storage of model artifacts: an artifact is stored and fetched by the SHA-256
 * of its bytes, so a name always means the same weights and a fetch can be verified.
 */
public interface ArtifactStore {

  /** Stores the artifact (a no-op when it is already there intact) and returns its reference. */
  ArtifactRef put(ModelArtifact artifact) throws IOException;

  /**
   * The artifact named {@code sha256}, verified against its name.
   *
   * @throws java.nio.file.NoSuchFileException when the store does not hold it
   * @throws IOException when it is corrupt, truncated or malformed (the message says which)
   */
  ModelArtifact get(String sha256) throws IOException;

  boolean contains(String sha256) throws IOException;

  default ArtifactRef ref(String sha256) throws IOException {
    return get(sha256).ref();
  }

  /** The artifact live, whatever its kind; arrays in a sub-manager of {@code manager}. */
  default LoadedModel load(String sha256, NDManager manager) throws IOException {
    return get(sha256).load(manager);
  }

  /** A FULL artifact as a network; an IOException names the kind when it is another. */
  default Network loadNetwork(String sha256, NDManager manager) throws IOException {
    return get(sha256).loadNetwork(manager);
  }

  /** A HEAD artifact; it builds blocks 1..c only. */
  default Head loadHead(String sha256, NDManager manager) throws IOException {
    return get(sha256).loadHead(manager);
  }

  /** A TAIL artifact; it builds blocks c+1..B only. */
  default Tail loadTail(String sha256, NDManager manager) throws IOException {
    return get(sha256).loadTail(manager);
  }
}
