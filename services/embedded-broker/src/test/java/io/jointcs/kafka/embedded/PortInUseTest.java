package io.jointcs.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PortInUseTest {
  @TempDir Path dataDir;

  @Test
  void aTakenPortGivesAClearErrorNamingThePort() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();

      assertThatThrownBy(() -> EmbeddedKafkaBroker.builder().port(port).dataDir(dataDir).topics(List.of()).start())
          .isInstanceOf(PortInUseException.class)
          .hasMessageContaining("port " + port)
          .hasMessageContaining("in use")
          .satisfies(e -> assertThat(((PortInUseException) e).port()).isEqualTo(port));
    }
    // nothing was formatted or started for a broker that could not have listened
    try (var files = Files.list(dataDir)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void anInvalidPortIsRejectedBeforeAnythingStarts() {
    assertThatThrownBy(() -> EmbeddedKafkaBroker.builder().port(70_000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("70000");
  }
}
