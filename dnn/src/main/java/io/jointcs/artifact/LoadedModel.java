package io.jointcs.artifact;

import io.jointcs.model.Network;
import io.jointcs.segmentation.Head;
import io.jointcs.segmentation.Tail;

/** A loaded artifact, live: a whole network, a head or a tail. Closing it frees its arrays. */
public sealed interface LoadedModel extends AutoCloseable {

  ArtifactRef ref();

  @Override
  void close();

  /** A FULL artifact. */
  record Full(ArtifactRef ref, Network network) implements LoadedModel {
    @Override
    public void close() {
      network.close();
    }
  }

  /** A HEAD artifact. */
  record HeadPart(ArtifactRef ref, Head head) implements LoadedModel {
    @Override
    public void close() {
      head.close();
    }
  }

  /** A TAIL artifact. */
  record TailPart(ArtifactRef ref, Tail tail) implements LoadedModel {
    @Override
    public void close() {
      tail.close();
    }
  }
}
