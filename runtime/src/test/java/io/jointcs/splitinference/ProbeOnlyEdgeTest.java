package io.jointcs.splitinference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.jointcs.segmentation.CutQuantization;
import io.jointcs.segmentation.CutTensor;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The edge a device probes before it has a plan: it answers probes and refuses inference, without any model. */
class ProbeOnlyEdgeTest {

  @Test
  void answersProbesAndRejectsInferenceWithoutAModel() throws IOException {
    try (EdgeServer edge = EdgeServer.probeOnly(EdgeServer.Options.loopback(0));
        EdgeClient client = EdgeClient.connect(edge.localAddress(), LinkEmulation.unshaped());
        NDManager manager = NDManager.newBaseManager()) {
      // the greeting says what it is, and matches no head
      assertThat(client.hello().architecture()).isEqualTo(EdgeServer.PROBE_ONLY);
      // probes of both sizes come back
      assertThat(client.probe(0).roundTripNanos()).isPositive();
      assertThat(client.probe(65_536).roundTripNanos()).isPositive();
      // an inference request is refused, and the connection stays usable for probes
      CutTensor cut = CutTensor.encode(manager.zeros(new Shape(1, 3, 32, 32)), CutQuantization.NONE);
      assertThatThrownBy(() -> client.exchange(cut)).isInstanceOf(EdgeRejectedException.class)
          .hasMessageContaining("probes only");
      assertThat(client.probe(0).roundTripNanos()).isPositive();
      assertThat(edge.requestsServed()).isZero();
    }
  }
}
