package io.jointcs.executor;

import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;
import java.util.Optional;

/** {@code jointcs.artifacts.*}: where the content-addressed model store lives and how others reach it. */
@ConfigMapping(prefix = "jointcs.artifacts")
public interface ArtifactsConfig {

  /** Directory of the filesystem store ({@code <root>/<sha256>.jcsm}). */
  Path root();

  /**
   * Base URL other services download this instance's artifacts from, e.g. {@code http://executor-0:8083}; results
   * then reference {@code <url>/artifacts/<sha256>}. Without it they carry {@code artifacts/sha256/<sha256>.jcsm},
   * which resolves against a store shared by every reader.
   */
  Optional<String> publicUrl();
}
