package io.jointcs.splitinference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import io.jointcs.model.Network;
import io.jointcs.segmentation.CutQuantization;
import io.jointcs.segmentation.Head;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The edge in a child JVM: the one slow test (a JVM start and a PyTorch load). */
class EdgeProcessTest {

  @Test
  void startsAnEdgeJvmThatServesTheTailAndStopsItOnClose(@TempDir Path dir) throws IOException {
    int cut = 4;
    try (NDManager manager = NDManager.newBaseManager();
        Network network = TestModels.network(manager);
        Head head = TestModels.head(network, cut, CutQuantization.NONE).loadHead(manager)) {
      Path tailFile = dir.resolve("tail.jcsm");
      try (OutputStream out = Files.newOutputStream(tailFile)) {
        TestModels.tail(network, cut, CutQuantization.NONE).writeTo(out);
      }
      float[] pixels = TestModels.pixels(TestModels.images(2));
      float[] expected = TestModels.localScores(network, pixels, 2);

      EdgeProcess edge = EdgeProcess.start(tailFile, EdgeProcess.Options.defaults());
      long pid = edge.pid();
      try (edge; DeviceClient device = DeviceClient.connect(head, edge.address(), LinkEmulation.unshaped())) {
        assertThat(pid).isNotEqualTo(ProcessHandle.current().pid());
        assertThat(device.edgeHello().orElseThrow().source()).contains("tail.jcsm");
        assertThat(TestModels.maxAbsDiff(device.infer(pixels, 2).scores(), expected)).isLessThanOrEqualTo(1e-5);
      }
      assertThat(edge.isAlive()).isFalse();
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();

      // a child that fails before it is ready: its own error message comes back
      Path garbage = Files.write(dir.resolve("garbage.jcsm"), new byte[] {1, 2, 3});
      assertThatThrownBy(() -> EdgeProcess.start(garbage, EdgeProcess.Options.defaults()))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("exited with code 2")
          .hasMessageContaining("garbage.jcsm");
    }
  }
}
