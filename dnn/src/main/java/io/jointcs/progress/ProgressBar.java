package io.jointcs.progress;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar for long CLI work, redrawn in place on a terminal and printed at most
 * every few seconds (one line each) when the output is a log file.
 */
public final class ProgressBar {
  private static final int WIDTH = 28;
  private static final long LOG_INTERVAL_NANOS = 10_000_000_000L;

  private final String label;
  private final long total;
  private final PrintStream out;
  private final boolean interactive;
  private final long startNanos = System.nanoTime();
  private long lastPrintNanos;
  private long doneAtStart;

  public ProgressBar(String label, long total, PrintStream out) {
    this.label = label;
    this.total = Math.max(1, total);
    this.out = out;
    this.interactive = System.console() != null && out == System.err;
  }

  /** Work already done before this run (a resumed job), so the remaining time is estimated from this run alone. */
  public ProgressBar resumingAt(long done) {
    this.doneAtStart = done;
    return this;
  }

  /** Reports {@code done} of {@code total} units, with a free-form status such as "loss 0.53". */
  public void update(long done, String status) {
    long now = System.nanoTime();
    boolean finished = done >= total;
    if (!finished && now - lastPrintNanos < (interactive ? 200_000_000L : LOG_INTERVAL_NANOS)) {
      return;
    }
    lastPrintNanos = now;
    double fraction = Math.min(1.0, (double) done / total);
    int filled = (int) Math.round(fraction * WIDTH);
    double elapsedSec = (now - startNanos) / 1e9;
    long doneThisRun = done - doneAtStart;
    double etaSec = doneThisRun > 0 ? elapsedSec * (total - done) / doneThisRun : Double.NaN;
    String line = String.format(Locale.ROOT, "%s [%s%s] %5.1f%% %d/%d %s eta %s", label, "#".repeat(filled),
        "-".repeat(WIDTH - filled), 100 * fraction, done, total, status, formatDuration(etaSec));
    if (interactive) {
      out.print("\r" + line + (finished ? "\n" : ""));
    } else {
      out.println(line);
    }
    out.flush();
  }

  static String formatDuration(double seconds) {
    if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
      return "?";
    }
    long s = Math.round(seconds);
    return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60)
        : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
  }
}
