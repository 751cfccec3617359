package io.jointcs.load;

/** A process whose resident memory and CPU time a run samples every second, e.g. {@code ingestion=12345}. */
public record Watched(String name, long pid) {
  public static Watched parse(String spec) {
    int eq = spec.indexOf('=');
    if (eq <= 0) {
      throw new IllegalArgumentException("--watch takes NAME=PID, got '" + spec + "'");
    }
    return new Watched(spec.substring(0, eq), Long.parseLong(spec.substring(eq + 1).trim()));
  }
}
