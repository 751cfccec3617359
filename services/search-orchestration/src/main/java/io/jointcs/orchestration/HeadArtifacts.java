package io.jointcs.orchestration;

import ai.djl.ndarray.NDManager;
import io.jointcs.artifact.ArtifactKind;
import io.jointcs.artifact.FileArtifactStore;
import io.jointcs.artifact.ModelArtifact;
import io.jointcs.events.ArtifactRef;
import io.jointcs.model.ModelSpec;
import io.jointcs.model.Network;
import io.jointcs.segmentation.CutQuantization;
import io.jointcs.segmentation.SplitModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads the artifact store: model specs of stored artifacts, and the head artifact (blocks 1..c) a plan's device
 * loads, materialized from the FULL model artifact once per (model, cut, quantization) and stored next to it.
 */
public final class HeadArtifacts {
  private final FileArtifactStore store;
  private final Map<String, ArtifactRef> heads = new ConcurrentHashMap<>();
  private final Map<String, ModelSpec> specs = new ConcurrentHashMap<>();

  public HeadArtifacts(FileArtifactStore store) {
    this.store = store;
  }

  public FileArtifactStore store() {
    return store;
  }

  /** How events refer to an artifact of the shared store (the executor's convention without a public URL). */
  public static ArtifactRef ref(String sha256, long sizeBytes) {
    return Wire.artifact("artifacts/sha256/" + sha256 + ModelArtifact.FILE_EXTENSION, sha256, sizeBytes);
  }

  /**
   * The spec of a FULL artifact in the store.
   *
   * @throws UnavailableException when the store does not hold it or it cannot be read
   * @throws IllegalArgumentException when it is a head or tail, not a whole model
   */
  public ModelSpec fullSpec(String sha256) {
    ModelSpec cached = specs.get(sha256);
    if (cached != null) {
      return cached;
    }
    ModelArtifact artifact;
    try {
      artifact = store.get(sha256);
    } catch (IOException e) {
      throw new UnavailableException("model artifact " + sha256 + " cannot be read from the artifact store at "
          + store.root() + ": " + e.getMessage(), e);
    }
    if (artifact.kind() != ArtifactKind.FULL) {
      throw new IllegalArgumentException("artifact " + sha256 + " is a " + artifact.kind() + " model part; a search "
          + "and a plan need a FULL model");
    }
    specs.put(sha256, artifact.spec());
    return artifact.spec();
  }

  public boolean contains(String sha256) {
    return store.contains(sha256);
  }

  /** The FULL artifact's reference with its real size. */
  public ArtifactRef modelRef(String sha256) {
    return ref(sha256, store.pathOf(sha256).toFile().length());
  }

  /** The head of a stored model at a cut, stored (content-addressed, so a repeat is a no-op) and referenced. */
  public ArtifactRef head(String modelSha256, int cutPoint, CutQuantization quantization) {
    return heads.computeIfAbsent(modelSha256 + "#" + cutPoint + "#" + quantization, k -> {
      try (NDManager manager = NDManager.newBaseManager();
          Network network = store.loadNetwork(modelSha256, manager)) {
        SplitModel split = SplitModel.split(network, cutPoint, quantization);
        ModelArtifact head = ModelArtifact.of(split.head());
        store.put(head);
        return ref(head.sha256(), head.sizeBytes());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot materialize the head (blocks 1.." + cutPoint + ") of model "
            + modelSha256 + ": " + e.getMessage(), e);
      }
    });
  }
}
