package io.jointcs.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jointcs.splitinference.LinkEmulation;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's admin endpoint (JDK HTTP server, no framework):
 * <ul>
 *   <li>{@code POST /link?mbps=X&rttMs=Y}: changes the EMULATED uplink (the demo lowers one device's bandwidth
 *       with it); {@code rttMs} may be left out to keep the current one. Answers the new link as JSON.</li>
 *   <li>{@code GET /status}: plan version, cut, applied time, last latencies, link, counters (JSON).</li>
 * </ul>
 */
final class AdminServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AdminServer.class);
  private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  private final HttpServer server;
  private final ExecutorService executor;

  AdminServer(String bindHost, int port, LinkControl link, Supplier<AgentStatus> status) throws IOException {
    server = HttpServer.create(new InetSocketAddress(bindHost, port), 16);
    executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "agent-admin");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/link", exchange -> handle(exchange, "POST", () -> changeLink(exchange, link)));
    server.createContext("/status", exchange -> handle(exchange, "GET", () -> new Reply(200, status.get())));
    server.start();
    log.info("admin endpoint on http://{}:{}/ (POST /link?mbps=X&rttMs=Y, GET /status)", bindHost, port());
  }

  int port() {
    return server.getAddress().getPort();
  }

  private record Reply(int status, Object body) {}

  private record Problem(int status, String error) {}

  private interface Handler {
    Reply handle() throws Exception;
  }

  private static void handle(HttpExchange exchange, String method, Handler handler) throws IOException {
    Reply reply;
    try {
      if (!exchange.getRequestMethod().equalsIgnoreCase(method)) {
        exchange.getResponseHeaders().add("Allow", method);
        reply = new Reply(405, new Problem(405, exchange.getRequestURI().getPath() + " takes " + method));
      } else {
        reply = handler.handle();
      }
    } catch (IllegalArgumentException e) {
      reply = new Reply(400, new Problem(400, e.getMessage()));
    } catch (Exception e) {
      log.warn("admin request {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
      reply = new Reply(500, new Problem(500, e.toString()));
    }
    byte[] body = JSON.writeValueAsBytes(reply.body());
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(reply.status(), body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static Reply changeLink(HttpExchange exchange, LinkControl link) {
    Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
    String mbpsText = query.get("mbps");
    if (mbpsText == null) {
      throw new IllegalArgumentException("POST /link needs mbps=<uplink Mbit/s> (and optionally rttMs=<ms>)");
    }
    double mbps = number("mbps", mbpsText);
    double rttMs = query.containsKey("rttMs") ? number("rttMs", query.get("rttMs")) : link.link().rttMs();
    if (!(mbps > 0) || !Double.isFinite(mbps)) {
      throw new IllegalArgumentException("mbps must be a finite number > 0, got " + mbpsText);
    }
    LinkEmulation next = new LinkEmulation(LinkControl.mbpsToBytesPerSec(mbps), rttMs); // checks rttMs >= 0
    link.set(next, "admin request from " + exchange.getRemoteAddress().getAddress().getHostAddress());
    return new Reply(200, DeviceAgent.linkView(next));
  }

  private static double number(String name, String text) {
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a number, got '" + text + "'");
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.put(key, value);
    }
    return out;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
