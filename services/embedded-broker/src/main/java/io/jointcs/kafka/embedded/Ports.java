package io.jointcs.kafka.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Loopback port helpers. A port found free may be taken before Kafka binds it: callers retry. */
final class Ports {
  static final String HOST = "127.0.0.1";

  private Ports() {}

  /** A port that was free a moment ago. */
  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on " + HOST, e);
    }
  }

  /** Fails fast, with a clear message, when a fixed port is already taken. */
  static void requireFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      // Kafka binds with SO_REUSEADDR too: probe the same way so TIME_WAIT sockets do not count as taken
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port), 1);
    } catch (BindException e) {
      throw new PortInUseException(port, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot probe port " + port, e);
    }
  }

  static boolean isFree(int port) {
    try {
      requireFree(port);
      return true;
    } catch (PortInUseException e) {
      return false;
    }
  }

  /**
   * Whether a failed start came from a port taken under us. Asked after the failed server stopped,
   * so its own sockets are closed. The cause chain is not enough: a controller bind failure goes
   * through Kafka's fatal-fault handler, which reaches us only as a refused halt without the cause.
   */
  static boolean lostPortRace(Throwable error, int... ports) {
    for (int port : ports) {
      if (!isFree(port)) {
        return true;
      }
    }
    return isBindFailure(error);
  }

  /** Whether the cause chain shows a listener that could not bind (SocketServer wraps the BindException). */
  static boolean isBindFailure(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof BindException) {
        return true;
      }
      String message = t.getMessage();
      if (message != null && (message.contains("failed to bind") || message.contains("Address already in use"))) {
        return true;
      }
    }
    return false;
  }
}
