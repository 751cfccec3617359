package io.jointcs.splitinference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.jointcs.model.NetworkPlan;
import io.jointcs.segmentation.CutTensor;
import io.jointcs.segmentation.Head;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * The device side of split inference: runs the head (blocks 1..c) on normalized images, sends the
 * cut tensor to the edge over the emulated link and waits for the class scores. At c = 0 the head
 * is empty and the normalized input itself is sent; at c = B everything runs here and nothing is
 * sent. One request at a time (concurrent callers take turns). The head stays the caller's; closing
 * the client closes the connection.
 */
public final class DeviceClient implements AutoCloseable {
  private final Head head;
  /** null when the head is the whole network (c = B) */
  private final EdgeClient edge;
  private final NDManager manager;
  private DeviceSlowdown slowdown = DeviceSlowdown.NONE;

  private DeviceClient(Head head, EdgeClient edge) {
    this.head = head;
    this.edge = edge;
    this.manager = NDManager.newBaseManager();
  }

  /** Stretches the head's compute to emulate a slower device (labelled EMULATED wherever reported). */
  public DeviceClient withSlowdown(DeviceSlowdown deviceSlowdown) {
    this.slowdown = deviceSlowdown;
    return this;
  }

  /** Everything on the device: the head must hold all B blocks. */
  public static DeviceClient local(Head head) {
    int blocks = head.spec().plan().blockCount();
    if (head.cutPoint() != blocks) {
      throw new IllegalArgumentException("the head ends at cut point " + head.cutPoint() + " of " + blocks
          + ": blocks " + (head.cutPoint() + 1) + ".." + blocks + " need an edge server");
    }
    return new DeviceClient(head, null);
  }

  /**
   * Connects to the edge serving the matching tail; at c = B no connection is made.
   *
   * @throws IOException when the edge cannot be reached or serves another network or cut point
   */
  public static DeviceClient connect(Head head, InetSocketAddress edgeAddress, LinkEmulation link)
      throws IOException {
    if (head.cutPoint() == head.spec().plan().blockCount()) {
      return local(head);
    }
    EdgeClient edge = EdgeClient.connect(edgeAddress, link);
    EdgeHello hello = edge.hello();
    if (!hello.matches(head.spec(), head.cutPoint())) {
      edge.close();
      throw new IOException("the edge at " + edgeAddress.getHostString() + ":" + edgeAddress.getPort() + " serves "
          + hello.describe() + " (" + hello.source() + "), but this head is " + head.spec().architecture().id() + " ("
          + head.spec().numClasses() + " classes, widths " + head.spec().widths() + ") up to cut point "
          + head.cutPoint());
    }
    return new DeviceClient(head, edge);
  }

  /**
   * Scores for a batch of normalized images (batch x 3 x 32 x 32 floats, as {@link
   * io.jointcs.data.BatchSampler#pixels} makes them).
   */
  public synchronized InferenceResult infer(float[] normalizedImages, int batchSize) throws IOException {
    NetworkPlan plan = head.spec().plan();
    Shape inputShape = new Shape(batchSize, plan.inputChannels(), plan.inputHeight(), plan.inputWidth());
    if (batchSize < 1 || normalizedImages.length != inputShape.size()) {
      throw new IllegalArgumentException("a batch of " + batchSize + " images of " + plan.inputChannels() + "x"
          + plan.inputHeight() + "x" + plan.inputWidth() + " needs " + inputShape.size() + " floats, got "
          + normalizedImages.length);
    }
    long start = System.nanoTime();
    CutTensor cut;
    try (NDManager step = manager.newSubManager()) {
      NDArray images = step.create(normalizedImages, inputShape);
      if (edge == null) {
        // c = B: the head's output is the scores; they are not quantized, as nothing crosses a network
        float[] scores = head.blocks().forward(images).toType(DataType.FLOAT32, false).toFloatArray();
        slowdown.stretch(start);
        double ms = (System.nanoTime() - start) / 1e6;
        return new InferenceResult(batchSize, scores.length / batchSize, scores,
            new RequestTiming(ms, 0, 0, ms, 0, 0));
      }
      cut = head.run(images);
      slowdown.stretch(start);
    }
    long headDone = System.nanoTime();
    EdgeClient.Exchange exchange = edge.exchange(cut);
    long end = System.nanoTime();
    EdgeReply reply = exchange.reply();
    if (reply.batchSize() != batchSize) {
      throw new IOException("the edge returned scores for " + reply.batchSize() + " images, " + batchSize + " were sent");
    }
    double edgeMs = reply.edgeComputeMs();
    RequestTiming timing = new RequestTiming((headDone - start) / 1e6, exchange.roundTripNanos() / 1e6 - edgeMs,
        edgeMs, (end - start) / 1e6, cut.sizeBytes(), exchange.frameBytes());
    return new InferenceResult(batchSize, reply.numClasses(), reply.scores(), timing);
  }

  public Head head() {
    return head;
  }

  /** True when everything runs on the device (c = B). */
  public boolean local() {
    return edge == null;
  }

  /** The edge's greeting; absent locally. */
  public Optional<EdgeHello> edgeHello() {
    return edge == null ? Optional.empty() : Optional.of(edge.hello());
  }

  @Override
  public void close() throws IOException {
    try {
      if (edge != null) {
        edge.close();
      }
    } finally {
      manager.close();
    }
  }
}
