package io.jointcs.splitinference;

import ai.djl.ndarray.NDManager;
import io.jointcs.artifact.ArtifactKind;
import io.jointcs.artifact.ModelArtifact;
import io.jointcs.model.Network;
import io.jointcs.segmentation.BlockRange;
import io.jointcs.segmentation.CutQuantization;
import io.jointcs.segmentation.Tail;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The tail an edge server runs, loaded from an artifact file: a TAIL artifact as it is, or a FULL
 * artifact cut at a given point (the whole network is loaded; the tail is a view of its blocks).
 * Closing it frees the weights.
 */
public final class ServedTail implements AutoCloseable {
  private final Tail tail;
  private final String source;
  /** what holds the weights: the tail itself, or the whole network it is a view of */
  private final AutoCloseable owner;

  private ServedTail(Tail tail, String source, AutoCloseable owner) {
    this.tail = tail;
    this.source = source;
    this.owner = owner;
  }

  /**
   * @param cutPoint required for a FULL artifact; for a TAIL artifact absent or equal to its cut
   */
  public static ServedTail load(Path artifactFile, Integer cutPoint, NDManager manager) throws IOException {
    ModelArtifact artifact = ModelArtifact.readFile(artifactFile);
    return of(artifact, cutPoint, manager, ArtifactFiles.describe(artifactFile, artifact));
  }

  /** The tail of an artifact in memory; see {@link #load}. */
  public static ServedTail of(ModelArtifact artifact, Integer cutPoint, NDManager manager, String source)
      throws IOException {
    if (artifact.kind() == ArtifactKind.TAIL) {
      if (cutPoint != null && cutPoint != artifact.cutPoint()) {
        throw new IllegalArgumentException(source + " is the tail from cut point " + artifact.cutPoint()
            + ", not " + cutPoint);
      }
      Tail tail = artifact.loadTail(manager);
      return new ServedTail(tail, source, tail);
    }
    if (artifact.kind() == ArtifactKind.FULL) {
      if (cutPoint == null) {
        throw new IllegalArgumentException(source + " holds a whole network: give the cut point to serve the tail "
            + "from (0.." + artifact.spec().plan().blockCount() + ")");
      }
      artifact.spec().plan().checkCutPoint(cutPoint);
      Network network = artifact.loadNetwork(manager);
      Tail tail = new Tail(BlockRange.view(network, cutPoint, network.plan().blockCount()), CutQuantization.NONE);
      return new ServedTail(tail, source + " cut at " + cutPoint, network);
    }
    throw new IllegalArgumentException(source + " holds a " + artifact.kind() + " model part; the edge serves a "
        + "TAIL artifact, or a FULL one with a cut point");
  }

  /** Blocks c+1..B. */
  public Tail tail() {
    return tail;
  }

  /** What was loaded, for logs and the edge's greeting. */
  public String source() {
    return source;
  }

  public EdgeHello hello() {
    return EdgeHello.of(tail.spec(), tail.cutPoint(), tail.quantization(), source);
  }

  @Override
  public void close() {
    try {
      owner.close();
    } catch (Exception e) {
      throw new IllegalStateException("closing the tail of " + source + " failed", e);
    }
  }
}
