package io.jointcs.splitinference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.jointcs.data.LabeledImages;
import io.jointcs.model.Network;
import io.jointcs.segmentation.CutQuantization;
import io.jointcs.segmentation.CutTensor;
import io.jointcs.segmentation.Head;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Device and edge over a real loopback socket, the edge in this JVM (its own process is EdgeProcessTest). */
class SplitInferenceTest {
  private static NDManager manager;
  private static Network network;

  @BeforeAll
  static void start() {
    manager = NDManager.newBaseManager();
    network = TestModels.network(manager);
  }

  @AfterAll
  static void stop() {
    network.close();
    manager.close();
  }

  /** A running edge for the tail from {@code cut}, and a device head up to it, both from artifacts. */
  private record Split(Head head, ServedTail tail, EdgeServer server) implements AutoCloseable {
    static Split at(int cut, CutQuantization quantization) throws IOException {
      Head head = TestModels.head(network, cut, quantization).loadHead(manager);
      ServedTail tail = ServedTail.of(TestModels.tail(network, cut, quantization), null, manager, "test tail");
      return new Split(head, tail, EdgeServer.start(tail, EdgeServer.Options.loopback(0)));
    }

    DeviceClient device(LinkEmulation link) throws IOException {
      return DeviceClient.connect(head, server.localAddress(), link);
    }

    @Override
    public void close() {
      server.close();
      tail.close();
      head.close();
    }
  }

  @Test
  void scoresOverTheSocketEqualTheWholeModelAtEveryKindOfCut() throws IOException {
    int batch = 4;
    float[] pixels = TestModels.pixels(TestModels.images(batch));
    float[] expected = TestModels.localScores(network, pixels, batch);
    for (int cut : new int[] {0, 1, 5, TestModels.BLOCKS - 1}) {
      try (Split split = Split.at(cut, CutQuantization.NONE);
          DeviceClient device = split.device(LinkEmulation.unshaped())) {
        InferenceResult result = device.infer(pixels, batch);
        assertThat(result.numClasses()).isEqualTo(10);
        assertThat(TestModels.maxAbsDiff(result.scores(), expected)).as("cut %d", cut).isLessThanOrEqualTo(1e-5);
        assertThat(result.timing().cutBytes()).isEqualTo(batch * network.plan().cutBytes(cut, 32));
        assertThat(result.timing().edgeMs()).isPositive();
        assertThat(split.server().requestsServed()).isEqualTo(1);
      }
    }
  }

  @Test
  void cutPointZeroSendsTheNormalizedInput() throws IOException {
    float[] pixels = TestModels.pixels(TestModels.images(1));
    try (Split split = Split.at(0, CutQuantization.NONE);
        DeviceClient device = split.device(LinkEmulation.unshaped())) {
      RequestTiming timing = device.infer(pixels, 1).timing();
      assertThat(timing.cutBytes()).isEqualTo(3 * 32 * 32 * 4);
      assertThat(timing.frameBytes()).isGreaterThan(timing.cutBytes());
    }
  }

  @Test
  void cutPointBRunsEverythingOnTheDeviceWithoutAnEdge() throws IOException {
    int batch = 3;
    float[] pixels = TestModels.pixels(TestModels.images(batch));
    try (Head head = TestModels.head(network, TestModels.BLOCKS, CutQuantization.INT8).loadHead(manager);
        // no edge listens anywhere: at c = B the address is not used
        DeviceClient device = DeviceClient.connect(head, EdgeAddress.parse("127.0.0.1:9"), LinkEmulation.unshaped())) {
      InferenceResult result = device.infer(pixels, batch);
      // the scores are not quantized even for an INT8 head: nothing crosses a network
      assertThat(TestModels.maxAbsDiff(result.scores(), TestModels.localScores(network, pixels, batch)))
          .isLessThanOrEqualTo(1e-5);
      assertThat(device.local()).isTrue();
      assertThat(result.timing().transferMs()).isZero();
      assertThat(result.timing().frameBytes()).isZero();
      assertThat(result.timing().endToEndMs()).isEqualTo(result.timing().headMs());
    }
  }

  @Test
  void int8CutTensorsAgreeWithTheFloatModelOnMostInputs() throws IOException {
    int batch = 32;
    float[] pixels = TestModels.pixels(TestModels.images(batch));
    float[] expected = TestModels.localScores(network, pixels, batch);
    try (Split split = Split.at(5, CutQuantization.INT8);
        DeviceClient device = split.device(LinkEmulation.unshaped())) {
      InferenceResult result = device.infer(pixels, batch);
      InferenceResult reference = new InferenceResult(batch, 10, expected, result.timing());
      int agree = 0;
      for (int i = 0; i < batch; i++) {
        agree += result.predictedClass(i) == reference.predictedClass(i) ? 1 : 0;
      }
      assertThat(agree).as("argmax agreement of %d images", batch).isGreaterThanOrEqualTo(batch * 8 / 10);
      assertThat(result.timing().cutBytes()).isEqualTo(batch * network.plan().cutElements(5) + 8);
    }
  }

  @Test
  void theRoundTripTimeAddsAtLeastTheRtt() throws IOException {
    float[] pixels = TestModels.pixels(TestModels.images(1));
    try (Split split = Split.at(3, CutQuantization.NONE);
        DeviceClient device = split.device(LinkEmulation.parse("unlimited", "40ms"))) {
      RequestTiming timing = device.infer(pixels, 1).timing();
      assertThat(timing.transferMs()).isGreaterThanOrEqualTo(40);
      assertThat(timing.endToEndMs()).isGreaterThanOrEqualTo(40 + timing.edgeMs());
    }
    try (Split split = Split.at(0, CutQuantization.NONE);
        DeviceClient device = split.device(LinkEmulation.parse("8Mbit", "20ms"))) {
      RequestTiming timing = device.infer(pixels, 1).timing();
      double serializationMs = timing.frameBytes() / 1e6 * 1e3; // 8 Mbit/s = 1e6 bytes/s
      assertThat(timing.transferMs()).isGreaterThanOrEqualTo(20 + serializationMs);
    }
  }

  @Test
  void aGarbageFrameClosesThatConnectionAndTheServerKeepsServingOthers() throws Exception {
    float[] pixels = TestModels.pixels(TestModels.images(1));
    try (Split split = Split.at(4, CutQuantization.NONE);
        DeviceClient before = split.device(LinkEmulation.unshaped())) {
      before.infer(pixels, 1);
      assertThat(closedAfterSending(split.server(), "GET / HTTP/1.1\r\nHost: edge\r\n\r\n".getBytes(
          StandardCharsets.US_ASCII))).isTrue();
      // the right magic, then a payload length no cut tensor has
      byte[] huge = new byte[16];
      ByteBuffer.wrap(huge).putInt(SplitProtocol.REQUEST_MAGIC).putLong(1).putInt(Integer.MAX_VALUE);
      assertThat(closedAfterSending(split.server(), huge)).isTrue();
      // a frame whose payload is not a cut tensor
      byte[] bogus = new byte[16 + 8];
      ByteBuffer.wrap(bogus).putInt(SplitProtocol.REQUEST_MAGIC).putLong(2).putInt(8).putLong(42);
      assertThat(closedAfterSending(split.server(), bogus)).isTrue();

      assertThat(before.infer(pixels, 1).numClasses()).as("a connection opened before").isEqualTo(10);
      try (DeviceClient after = split.device(LinkEmulation.unshaped())) {
        assertThat(after.infer(pixels, 1).numClasses()).as("a connection opened after").isEqualTo(10);
      }
    }
  }

  /** Sends raw bytes after the greeting; true when the server then closes the connection. */
  private static boolean closedAfterSending(EdgeServer server, byte[] bytes) throws IOException {
    try (Socket socket = new Socket(server.localAddress().getAddress(), server.port())) {
      socket.setSoTimeout(10_000);
      DataInputStream in = new DataInputStream(socket.getInputStream());
      assertThat(SplitProtocol.readHello(in).cutPoint()).isEqualTo(server.hello().cutPoint());
      socket.getOutputStream().write(bytes);
      socket.getOutputStream().flush();
      return drain(in) < 0;
    }
  }

  private static int drain(InputStream in) throws IOException {
    int b;
    while ((b = in.read()) >= 0) {
      // nothing else is expected before the close
    }
    return b;
  }

  @Test
  void aWellFormedRequestOfTheWrongShapeIsRejectedAndTheConnectionStaysUsable() throws IOException {
    float[] pixels = TestModels.pixels(TestModels.images(1));
    try (Split split = Split.at(4, CutQuantization.NONE);
        EdgeClient client = EdgeClient.connect(split.server().localAddress(), LinkEmulation.unshaped());
        NDManager step = manager.newSubManager()) {
      CutTensor wrong = CutTensor.encode(step.zeros(new Shape(1, 3, 7, 7)), CutQuantization.NONE);
      assertThatThrownBy(() -> client.exchange(wrong))
          .isInstanceOf(EdgeRejectedException.class)
          .hasMessageContaining("takes (1, ");
      CutTensor right = split.head().run(step.create(pixels, new Shape(1, 3, 32, 32)));
      assertThat(client.exchange(right).reply().numClasses()).isEqualTo(10);
    }
  }

  @Test
  void aHeadForAnotherCutPointIsRefusedAtConnectNamingBothSides() throws IOException {
    try (Split split = Split.at(5, CutQuantization.NONE);
        Head otherHead = TestModels.head(network, 3, CutQuantization.NONE).loadHead(manager)) {
      assertThatThrownBy(() -> DeviceClient.connect(otherHead, split.server().localAddress(),
          LinkEmulation.unshaped()))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("from cut point 5")
          .hasMessageContaining("up to cut point 3");
    }
  }

  @Test
  void severalDevicesAreServedAtOnce() throws Exception {
    int devices = 3;
    int requests = 4;
    LabeledImages images = TestModels.images(devices);
    float[] all = TestModels.pixels(images);
    float[] expected = TestModels.localScores(network, all, devices);
    ExecutorService pool = Executors.newFixedThreadPool(devices);
    try (Split split = Split.at(2, CutQuantization.NONE)) {
      List<Future<Double>> diffs = new ArrayList<>();
      for (int d = 0; d < devices; d++) {
        int image = d;
        diffs.add(pool.submit(() -> {
          float[] pixels = Arrays.copyOfRange(all, image * 3072, (image + 1) * 3072);
          double worst = 0;
          try (DeviceClient device = split.device(LinkEmulation.parse("unlimited", "2ms"))) {
            for (int r = 0; r < requests; r++) {
              float[] scores = device.infer(pixels, 1).scores();
              worst = Math.max(worst, TestModels.maxAbsDiff(scores,
                  Arrays.copyOfRange(expected, image * 10, (image + 1) * 10)));
            }
          }
          return worst;
        }));
      }
      for (Future<Double> diff : diffs) {
        assertThat(diff.get(60, TimeUnit.SECONDS)).isLessThanOrEqualTo(1e-5);
      }
      assertThat(split.server().requestsServed()).isEqualTo((long) devices * requests);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aClosedServerClosesItsConnectionsAndRefusesNewOnes() throws IOException {
    float[] pixels = TestModels.pixels(TestModels.images(1));
    try (Split split = Split.at(6, CutQuantization.NONE);
        DeviceClient device = split.device(LinkEmulation.unshaped())) {
      device.infer(pixels, 1);
      split.server().close();
      assertThat(split.server().openConnections()).isZero();
      assertThatThrownBy(() -> device.infer(pixels, 1)).isInstanceOf(IOException.class);
      assertThatThrownBy(() -> split.device(LinkEmulation.unshaped()))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("cannot connect to the edge");
    }
  }
}
