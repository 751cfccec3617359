package io.jointcs.cli.demo;

/** The service-level demo cannot go on; the message names what failed and where its log is. */
public final class DemoFailure extends RuntimeException {
  public DemoFailure(String message) {
    super(message);
  }

  public DemoFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
