package io.jointcs.cli.demo;

import java.net.URI;

/** A service that answered ready: its process and where it listens. */
public record RunningService(String name, ChildProcess process, URI baseUrl) {
  public URI resolve(String path) {
    return baseUrl.resolve(path);
  }
}
