package io.jointcs.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Nothing was given (no --data, no $JOINTCS_DATA) and the standard datasets directory holds no
 * data set: the one case where fetching CIFAR-10 is a sensible next step.
 */
public final class NoDatasetFoundException extends IOException {
  private final Path datasetsDir;

  public NoDatasetFoundException(String message, Path datasetsDir) {
    super(message);
    this.datasetsDir = datasetsDir;
  }

  /** The standard directory that was searched, where a download goes. */
  public Path datasetsDir() {
    return datasetsDir;
  }
}
