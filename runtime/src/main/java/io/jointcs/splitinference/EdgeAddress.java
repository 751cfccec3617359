package io.jointcs.splitinference;

import java.net.InetSocketAddress;

/** Parses the HOST:PORT an operator gives for the edge server. */
public final class EdgeAddress {
  private EdgeAddress() {}

  /**
   * {@code host:port}, {@code [ipv6]:port}; the host is resolved now.
   *
   * @throws IllegalArgumentException naming the value and the expected form
   */
  public static InetSocketAddress parse(String text) {
    String trimmed = text == null ? "" : text.trim();
    int colon = trimmed.lastIndexOf(':');
    if (colon <= 0 || colon == trimmed.length() - 1) {
      throw bad(text);
    }
    String host = trimmed.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(trimmed.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw bad(text);
    }
    if (port < 1 || port > 65535 || host.isEmpty()) {
      throw bad(text);
    }
    InetSocketAddress address = new InetSocketAddress(host, port);
    if (address.isUnresolved()) {
      throw new IllegalArgumentException("cannot resolve the edge host '" + host + "' of '" + text + "'");
    }
    return address;
  }

  private static IllegalArgumentException bad(String text) {
    return new IllegalArgumentException("bad edge address '" + text + "'; expected HOST:PORT with a port in "
        + "1..65535, e.g. 127.0.0.1:7070 or [::1]:7070");
  }
}
