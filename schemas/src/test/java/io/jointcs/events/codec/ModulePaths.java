package io.jointcs.events.codec;

import java.nio.file.Path;

/** Source-tree paths for tests that check files (history, schemas, docs) rather than the classpath. */
public final class ModulePaths {
  private ModulePaths() {}

  /** The schemas/ module directory: surefire sets basedir, an IDE runs in the module. */
  public static Path module() {
    return Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
  }

  public static Path repository() {
    return module().getParent();
  }
}
