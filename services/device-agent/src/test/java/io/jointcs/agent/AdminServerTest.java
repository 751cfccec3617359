package io.jointcs.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointcs.splitinference.LinkEmulation;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdminServerTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private LinkControl link;
  private AdminServer admin;

  @BeforeEach
  void start() throws IOException {
    link = new LinkControl(new LinkEmulation(LinkControl.mbpsToBytesPerSec(10), 20));
    AgentStatus status = new AgentStatus("pi-1", "cpu-1t", "remote edge", true, "Kafka", "Kafka",
        DeviceAgent.linkView(link.link()), null, null, null, 0, 0, 0, 0, 0, null, null);
    admin = new AdminServer("127.0.0.1", 0, link, () -> status);
  }

  @AfterEach
  void stop() {
    admin.close();
  }

  private HttpResponse<String> send(String method, String pathAndQuery) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port() + pathAndQuery))
        .method(method, HttpRequest.BodyPublishers.noBody()).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void postLinkChangesTheEmulatedUplink() throws Exception {
    long before = link.current().version();
    // When the demo lowers the bandwidth to 1 Mbit/s and the rtt to 40 ms
    HttpResponse<String> response = send("POST", "/link?mbps=1&rttMs=40");
    // Then the link the sender uses changed, and the answer says it is emulated
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"emulated\":true").contains("\"uplinkMbps\":1.0");
    assertThat(link.link().uplinkBytesPerSec()).isEqualTo(125_000.0);
    assertThat(link.link().rttMs()).isEqualTo(40.0);
    assertThat(link.current().version()).isEqualTo(before + 1);
    // and without rttMs the rtt stays
    assertThat(send("POST", "/link?mbps=2").statusCode()).isEqualTo(200);
    assertThat(link.link().rttMs()).isEqualTo(40.0);
    assertThat(link.link().uplinkBytesPerSec()).isEqualTo(250_000.0);
  }

  @Test
  void badLinkRequestsAreRefusedAndChangeNothing() throws Exception {
    LinkEmulation before = link.link();
    assertThat(send("POST", "/link?mbps=-3").statusCode()).isEqualTo(400);
    assertThat(send("POST", "/link?mbps=abc").statusCode()).isEqualTo(400);
    assertThat(send("POST", "/link?mbps=5&rttMs=-1").statusCode()).isEqualTo(400);
    assertThat(send("POST", "/link").statusCode()).isEqualTo(400);
    assertThat(send("GET", "/link?mbps=5").statusCode()).isEqualTo(405);
    assertThat(link.link()).isEqualTo(before);
  }

  @Test
  void statusIsJson() throws Exception {
    HttpResponse<String> response = send("GET", "/status");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(response.body()).contains("\"deviceId\":\"pi-1\"").contains("\"rttMs\":20.0");
  }
}
