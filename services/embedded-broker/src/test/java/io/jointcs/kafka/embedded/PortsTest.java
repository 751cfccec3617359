package io.jointcs.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.Test;

/** How a failed start is told apart: port taken under us (retry) or anything else (fail). */
class PortsTest {
  @Test
  void aPortHeldByAnotherProcessMeansTheRaceWasLostWhateverTheError() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName(Ports.HOST))) {
      // a controller bind failure reaches us only as the refused halt, without the BindException
      IllegalStateException refusedHalt = new IllegalStateException("halt(1) refused: null");

      assertThat(Ports.lostPortRace(refusedHalt, Ports.freePort(), taken.getLocalPort())).isTrue();
      assertThat(Ports.isFree(taken.getLocalPort())).isFalse();
    }
  }

  @Test
  void aBindExceptionInTheCauseChainMeansTheRaceWasLost() {
    KafkaException kafkaBindFailure = new KafkaException("Socket server failed to bind to 127.0.0.1:1: Address"
        + " already in use.", new BindException("Address already in use"));

    assertThat(Ports.lostPortRace(new RuntimeException("Unable to start acceptor", kafkaBindFailure),
        Ports.freePort())).isTrue();
  }

  @Test
  void anyOtherFailureWithFreePortsIsNotARace() {
    assertThat(Ports.lostPortRace(new IllegalArgumentException("bad broker property"), Ports.freePort())).isFalse();
  }
}
