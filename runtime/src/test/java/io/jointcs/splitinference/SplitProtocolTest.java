package io.jointcs.splitinference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.jointcs.segmentation.CutQuantization;
import io.jointcs.segmentation.CutTensor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SplitProtocolTest {

  private static DataInputStream input(byte[] bytes) {
    return new DataInputStream(new ByteArrayInputStream(bytes));
  }

  @Test
  void requestFramesRoundTripAndEndCleanlyBetweenFrames() throws IOException {
    try (NDManager manager = NDManager.newBaseManager()) {
      CutTensor cut = CutTensor.encode(manager.randomNormal(new Shape(2, 4, 3, 3)), CutQuantization.INT8);
      byte[] frame = SplitProtocol.encodeRequest(77, cut);
      DataInputStream in = input(frame);
      SplitProtocol.Request request = SplitProtocol.readRequest(in, 1 << 20);
      assertThat(request.requestId()).isEqualTo(77);
      assertThat(request.cut()).isEqualTo(cut);
      assertThat(request.frameBytes()).isEqualTo(frame.length);
      assertThat(SplitProtocol.readRequest(in, 1 << 20)).as("end of stream between frames").isNull();
    }
  }

  @Test
  void probeFramesCarryTheirPaddingAndReadAsProbes() throws IOException {
    // Given a probe frame of 1000 padding bytes followed by the end of the stream
    byte[] frame = SplitProtocol.encodeProbe(9, 1000);
    DataInputStream in = input(frame);
    // When the server reads it
    SplitProtocol.Request request = SplitProtocol.readRequest(in, 1 << 20);
    // Then it is a probe of the whole frame's size, and nothing is left over
    assertThat(request.probe()).isTrue();
    assertThat(request.requestId()).isEqualTo(9);
    assertThat(request.frameBytes()).isEqualTo(frame.length).isEqualTo(SplitProtocol.REQUEST_HEADER_BYTES + 1000);
    assertThat(SplitProtocol.readRequest(in, 1 << 20)).isNull();
    assertThatThrownBy(() -> SplitProtocol.readRequest(input(Arrays.copyOf(frame, 500)), 1 << 20))
        .isInstanceOf(MalformedFrameException.class).hasMessageContaining("ended inside a request frame");
  }

  @Test
  void truncatedOversizedAndForeignFramesAreMalformed() throws IOException {
    try (NDManager manager = NDManager.newBaseManager()) {
      byte[] frame = SplitProtocol.encodeRequest(1, CutTensor.encode(manager.ones(new Shape(1, 8)),
          CutQuantization.NONE));
      assertThatThrownBy(() -> SplitProtocol.readRequest(input(Arrays.copyOf(frame, frame.length - 3)), 1 << 20))
          .isInstanceOf(MalformedFrameException.class).hasMessageContaining("ended inside a request frame");
      assertThatThrownBy(() -> SplitProtocol.readRequest(input(frame), 10))
          .isInstanceOf(MalformedFrameException.class).hasMessageContaining("outside 0..10");
      assertThatThrownBy(() -> SplitProtocol.readRequest(input("PUT /x".getBytes()), 1 << 20))
          .isInstanceOf(MalformedFrameException.class).hasMessageContaining("expected 0x4a435351");
    }
  }

  @Test
  void repliesAndRejectionsRoundTrip() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    SplitProtocol.writeReply(out, 5, 2, 3, new float[] {1, 2, 3, 4, 5, 6}, 1_500_000);
    SplitProtocol.writeRejection(out, 6, "wrong shape");
    DataInputStream in = input(bytes.toByteArray());
    EdgeReply reply = SplitProtocol.readReply(in, 100);
    assertThat(reply.requestId()).isEqualTo(5);
    assertThat(reply.scores()).containsExactly(1, 2, 3, 4, 5, 6);
    assertThat(reply.edgeComputeMs()).isEqualTo(1.5);
    assertThatThrownBy(() -> SplitProtocol.readReply(in, 100))
        .isInstanceOf(EdgeRejectedException.class).hasMessageContaining("request 6: wrong shape");
  }

  @Test
  void theGreetingRoundTripsAndMatchesOnlyItsOwnHead() throws IOException {
    EdgeHello hello = EdgeHello.of(TestModels.SPEC, 3, CutQuantization.NONE, "tail.jcsm");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    SplitProtocol.writeHello(new DataOutputStream(bytes), hello);
    EdgeHello back = SplitProtocol.readHello(input(bytes.toByteArray()));
    assertThat(back).isEqualTo(hello);
    assertThat(back.matches(TestModels.SPEC, 3)).isTrue();
    assertThat(back.matches(TestModels.SPEC, 4)).isFalse();
    assertThat(back.matches(TestModels.SPEC.withWidth(0, 3), 3)).isFalse();
    assertThatThrownBy(() -> SplitProtocol.readHello(input(new byte[] {'H', 'T', 'T', 'P'})))
        .hasMessageContaining("not a JointCS edge server");
  }

  @Test
  void edgeMainArgumentsAreCheckedBeforeAnythingLoads() {
    EdgeServerMain.Arguments arguments = EdgeServerMain.parse(new String[] {"--tail", "t.jcsm", "--port", "7070",
        "--threads", "2", "--exit-on-stdin-eof"});
    assertThat(arguments.port()).isEqualTo(7070);
    assertThat(arguments.threads()).isEqualTo(2);
    assertThat(arguments.exitOnStdinEof()).isTrue();
    assertThat(arguments.cutPoint()).isNull();
    for (List<String> bad : List.of(List.of("--port", "7070"), List.of("--artifact", "a", "--threads", "0"),
        List.of("--artifact"), List.of("--artifact", "a", "--color", "red"))) {
      assertThatThrownBy(() -> EdgeServerMain.parse(bad.toArray(String[]::new)))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
