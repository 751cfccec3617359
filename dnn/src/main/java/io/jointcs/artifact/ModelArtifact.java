package io.jointcs.artifact;

import io.jointcs.model.LayerWeights;
import ai.djl.ndarray.NDManager;
import io.jointcs.model.ModelSpec;
import io.jointcs.model.Network;
import io.jointcs.segmentation.BlockRange;
import io.jointcs.segmentation.CutQuantization;
import io.jointcs.segmentation.Head;
import io.jointcs.segmentation.Tail;
import io.jointcs.training.Checkpoints;
import io.jointcs.training.TrainingState;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A model, or one side of a split model, as one self-describing, content-addressed file (layout in
 * {@link ArtifactFormat}): the spec, cut point and cut quantization in a JSON header, then the
 * weights. FULL weights are a whole-network parameter file, as {@link Network#saveParameters} and
 * training checkpoints write it; HEAD and TAIL weights are those of their blocks only, as
 * {@link BlockRange#saveParameters} writes them, so either half loads without the other. The same
 * weights always give the same bytes and the same {@link #sha256()}. Loading needs the header and
 * nothing from training.
 */
public final class ModelArtifact {
  public static final String FILE_EXTENSION = ".jcsm";
  public static final int FORMAT_VERSION = ArtifactFormat.FORMAT_VERSION;

  private final ArtifactKind kind;
  private final ModelSpec spec;
  private final int cutPoint;
  private final CutQuantization quantization;
  /** the whole file */
  private final byte[] bytes;
  private final int weightsOffset;
  private final int weightsLength;
  private final String sha256;
  /** where the bytes came from, for error messages */
  private final String source;

  private ModelArtifact(ArtifactHeader header, ModelSpec spec, byte[] bytes, int weightsOffset, int weightsLength,
      String source) {
    this.kind = header.kind();
    this.spec = spec;
    this.cutPoint = header.cutPoint();
    this.quantization = header.quantization();
    this.bytes = bytes;
    this.weightsOffset = weightsOffset;
    this.weightsLength = weightsLength;
    this.sha256 = Sha256.of(bytes);
    this.source = source == null ? "artifact " + sha256 : source;
  }

  /** The whole network. */
  public static ModelArtifact of(Network network) {
    return create(ArtifactKind.FULL, network.spec(), network.plan().blockCount(), CutQuantization.NONE,
        network::saveParameters);
  }

  /** The head of a split model: blocks 1..c and the cut quantization. */
  public static ModelArtifact of(Head head) {
    return create(ArtifactKind.HEAD, head.spec(), head.cutPoint(), head.quantization(),
        head.blocks()::saveParameters);
  }

  /** The tail of a split model: blocks c+1..B. */
  public static ModelArtifact of(Tail tail) {
    return create(ArtifactKind.TAIL, tail.spec(), tail.cutPoint(), tail.quantization(),
        tail.blocks()::saveParameters);
  }

  /** The latest weights of a training checkpoint directory, checked against the spec it records. */
  public static ModelArtifact fromCheckpoint(Path checkpointDir, NDManager manager) throws IOException {
    TrainingState state = Checkpoints.readState(checkpointDir)
        .orElseThrow(() -> new IOException("no checkpoint in " + checkpointDir));
    return fromWeights(state.spec(), checkpointDir.resolve(state.weightsFile()), manager);
  }

  /** A FULL artifact from a whole-network DJL parameter file, checked against {@code spec}. */
  public static ModelArtifact fromWeights(ModelSpec spec, Path weightsFile, NDManager manager) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(weightsFile))) {
      try (Network network = loadFull(spec, manager, in, "weights file " + weightsFile)) {
        return of(network);
      }
    }
  }

  private interface WeightsWriter {
    void write(DataOutputStream out) throws IOException;
  }

  private static ModelArtifact create(ArtifactKind kind, ModelSpec spec, int cutPoint, CutQuantization quantization,
      WeightsWriter weights) {
    ArtifactHeader header = new ArtifactHeader(kind, spec.architecture().id(), spec.numClasses(), spec.widths(),
        cutPoint, quantization);
    ByteArrayOutputStream weightBytes = new ByteArrayOutputStream();
    try {
      weights.write(new DataOutputStream(weightBytes));
    } catch (IOException e) {
      throw new IllegalStateException("serializing weights in memory failed", e);
    }
    byte[] bytes = ArtifactFormat.encode(header, weightBytes.toByteArray());
    return new ModelArtifact(header, spec, bytes, bytes.length - weightBytes.size(), weightBytes.size(), null);
  }

  /**
   * Reads an artifact file's bytes, checking framing and header (weights are checked on load).
   *
   * @param source names the bytes in error messages, e.g. the file path
   */
  /** Reads an artifact file, checking its framing and header; weights are checked when loaded. */
  public static ModelArtifact readFile(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new java.nio.file.NoSuchFileException(file.toString(), null, "model artifact " + file + " does not exist");
    }
    return parse(Files.readAllBytes(file), "artifact file " + file);
  }

  /**
   * Writes the artifact to {@code target}, or into it as {@code <sha256>.jcsm} when it is an
   * existing directory; returns the file written.
   */
  public Path writeFile(Path target) throws IOException {
    Path file = Files.isDirectory(target) ? target.resolve(sha256() + FILE_EXTENSION) : target;
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    try (OutputStream out = Files.newOutputStream(file)) {
      writeTo(out);
    }
    return file;
  }

  public static ModelArtifact parse(byte[] bytes, String source) throws IOException {
    return parseOwned(bytes.clone(), source);
  }

  /** {@link #parse} without the defensive copy, for callers that hand over the array. */
  static ModelArtifact parseOwned(byte[] bytes, String source) throws IOException {
    ArtifactFormat.Parsed parsed = ArtifactFormat.decode(bytes, source);
    return new ModelArtifact(parsed.header(), parsed.spec(), bytes, parsed.weightsOffset(), parsed.weightsLength(),
        source);
  }

  public ArtifactKind kind() {
    return kind;
  }

  public ModelSpec spec() {
    return spec;
  }

  /** HEAD: blocks 1..c; TAIL: blocks c+1..B; FULL: B. */
  public int cutPoint() {
    return cutPoint;
  }

  public CutQuantization quantization() {
    return quantization;
  }

  /** SHA-256 of {@link #toBytes()}: the artifact's name. */
  public String sha256() {
    return sha256;
  }

  public long sizeBytes() {
    return bytes.length;
  }

  public ArtifactRef ref() {
    return new ArtifactRef(sha256, kind, spec, cutPoint, quantization, bytes.length);
  }

  /** The file's bytes (a copy). */
  public byte[] toBytes() {
    return bytes.clone();
  }

  public void writeTo(OutputStream out) throws IOException {
    out.write(bytes);
  }

  /** The whole network of a FULL artifact, its arrays in a sub-manager of {@code parent}. */
  public Network loadNetwork(NDManager parent) throws IOException {
    requireKind(ArtifactKind.FULL);
    return loadFull(spec, parent, weights(), source);
  }

  /** The head of a HEAD artifact; it builds blocks 1..c only. */
  public Head loadHead(NDManager parent) throws IOException {
    requireKind(ArtifactKind.HEAD);
    return new Head(loadRange(0, cutPoint, parent), quantization);
  }

  /** The tail of a TAIL artifact; it builds blocks c+1..B only. */
  public Tail loadTail(NDManager parent) throws IOException {
    requireKind(ArtifactKind.TAIL);
    return new Tail(loadRange(cutPoint, spec.plan().blockCount(), parent), quantization);
  }

  /** Whatever this artifact holds, live. */
  public LoadedModel load(NDManager parent) throws IOException {
    return switch (kind) {
      case FULL -> new LoadedModel.Full(ref(), loadNetwork(parent));
      case HEAD -> new LoadedModel.HeadPart(ref(), loadHead(parent));
      case TAIL -> new LoadedModel.TailPart(ref(), loadTail(parent));
    };
  }

  private void requireKind(ArtifactKind wanted) throws IOException {
    if (kind != wanted) {
      throw new IOException(source + " holds a " + kind + " model part, not a " + wanted + " one");
    }
  }

  private ByteArrayInputStream weights() {
    return new ByteArrayInputStream(bytes, weightsOffset, weightsLength);
  }

  private BlockRange loadRange(int fromCut, int toCut, NDManager parent) throws IOException {
    ByteArrayInputStream in = weights();
    BlockRange range;
    try {
      range = BlockRange.load(spec.plan(), fromCut, toCut, parent, new DataInputStream(in));
    } catch (IOException e) {
      throw new IOException(source + ": " + e.getMessage(), e);
    }
    if (in.available() > 0) {
      range.close();
      throw new IOException(source + ": " + in.available() + " weight bytes are left over after blocks "
          + (fromCut + 1) + ".." + toCut + "; the weights are for a different spec or part");
    }
    return range;
  }

  private static Network loadFull(ModelSpec spec, NDManager parent, InputStream weights, String source)
      throws IOException {
    Network network;
    try {
      network = Network.load(spec, parent, new DataInputStream(weights));
    } catch (IOException e) {
      throw new IOException(source + ": " + e.getMessage(), e);
    }
    try {
      LayerWeights.verify(network.plan().layers(), network.layers());
      if (weights.read() != -1) {
        throw new IOException(source + ": weight bytes are left over after the last block; the weights are for a "
            + "different spec");
      }
    } catch (IllegalArgumentException e) {
      network.close();
      throw new IOException(source + ": weights do not match the spec " + spec.architecture().id() + " "
          + spec.widths() + ": " + e.getMessage(), e);
    } catch (IOException e) {
      network.close();
      throw e;
    }
    return network;
  }

  @Override
  public String toString() {
    return "ModelArtifact[" + kind + " " + spec.architecture().id() + " " + spec.widths() + " cut " + cutPoint + " "
        + quantization + " " + bytes.length + " bytes sha256 " + sha256 + "]";
  }
}
