package io.jointcs.kafka.embedded;

/**
 * The broker was asked for a fixed port that another process already listens on. Extends {@link
 * IllegalStateException} so the CLI reports it as one line rather than a stack trace.
 */
public final class PortInUseException extends IllegalStateException {
  private final int port;

  public PortInUseException(int port, Throwable cause) {
    super("port " + port + " is already in use on 127.0.0.1: stop what listens there or choose"
        + " another port (0 picks a free one)", cause);
    this.port = port;
  }

  /** The port that was asked for. */
  public int port() {
    return port;
  }
}
