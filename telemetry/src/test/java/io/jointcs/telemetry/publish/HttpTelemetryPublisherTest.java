package io.jointcs.telemetry.publish;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.jointcs.events.DeviceTelemetry;
import io.jointcs.events.codec.EventCodec;
import io.jointcs.telemetry.TelemetryBatch;
import io.jointcs.telemetry.TelemetryFixtures;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The shared HTTP publisher against a local endpoint that answers as profiling-ingestion does. */
class HttpTelemetryPublisherTest {
  private final List<DeviceTelemetry> received = new CopyOnWriteArrayList<>();
  private HttpServer server;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/telemetry", exchange -> {
      try {
        if (!"Bearer good".equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
          exchange.sendResponseHeaders(401, -1);
          return;
        }
        for (TelemetryBatch.Item item : TelemetryBatch.split(exchange.getRequestBody().readAllBytes(), 1000)) {
          received.add(EventCodec.of(DeviceTelemetry.class).decode(item.bytes()));
        }
        exchange.sendResponseHeaders(202, -1);
      } catch (Exception e) {
        exchange.sendResponseHeaders(400, -1);
      } finally {
        exchange.close();
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @Test
  void batchesArriveInOrderWithTheBearerToken() {
    try (HttpTelemetryPublisher publisher = new HttpTelemetryPublisher(url(), "good")) {
      for (int i = 0; i < 250; i++) {
        publisher.publish(TelemetryFixtures.layer("t-" + i, "pi-1", 1.0 + i));
      }
      publisher.flush();
      assertThat(publisher.delivered()).isEqualTo(250);
      assertThat(publisher.failed()).isZero();
    }
    assertThat(received).extracting(DeviceTelemetry::getTelemetryId).hasSize(250).startsWith("t-0", "t-1")
        .endsWith("t-249");
  }

  @Test
  void aRefusedBatchIsCountedAsFailedNotRetriedForever() {
    try (HttpTelemetryPublisher publisher = new HttpTelemetryPublisher(url(), "wrong")) {
      publisher.publish(TelemetryFixtures.layer("t-1", "pi-1", 1.0));
      publisher.flush();
      assertThat(publisher.failed()).isEqualTo(1);
      assertThat(publisher.delivered()).isZero();
      assertThat(publisher.route()).isEqualTo("HTTP " + url() + "/telemetry");
    }
    assertThat(received).isEmpty();
  }
}
