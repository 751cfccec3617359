package io.jointcs.cli.demo;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A process the demo started: its name for messages, the process, and its log file (stdout and stderr together, the
 * command line first). A pump thread copies the output to the log and lets callers wait for a line (a port, "ready").
 */
public final class ChildProcess {
  /** Output lines kept in memory for {@link #awaitLine}; the log file has them all. */
  private static final int KEPT_LINES = 5_000;

  private final String name;
  private final Process process;
  private final Path log;
  private final Object lock = new Object();
  private final Deque<String> lines = new ArrayDeque<>(); // guarded by lock
  private final List<Watch> watches = new ArrayList<>(); // guarded by lock
  private boolean outputEnded; // guarded by lock
  private volatile boolean stopRequested;

  private record Watch(Pattern pattern, CompletableFuture<Matcher> found) {}

  private ChildProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /** Starts {@code command} in {@code workDir} with {@code env} added to this process' environment. */
  public static ChildProcess start(String name, List<String> command, Map<String, String> env, Path workDir, Path log)
      throws IOException {
    Files.createDirectories(log.toAbsolutePath().getParent());
    Files.writeString(log, "# " + String.join(" ", command) + System.lineSeparator(), StandardCharsets.UTF_8);
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process = builder.start();
    process.getOutputStream().close(); // nothing reads stdin; EOF at once rather than a pipe that never closes
    ChildProcess child = new ChildProcess(name, process, log);
    Thread pump = new Thread(child::pump, "demo-log-" + name);
    pump.setDaemon(true);
    pump.start();
    return child;
  }

  public String name() {
    return name;
  }

  public Path log() {
    return log;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public boolean stopRequested() {
    return stopRequested;
  }

  /** Exit code, or empty while it runs. */
  public java.util.Optional<Integer> exitCode() {
    return process.isAlive() ? java.util.Optional.empty() : java.util.Optional.of(process.exitValue());
  }

  public CompletableFuture<Process> onExit() {
    return process.onExit();
  }

  private void pump() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8));
        BufferedWriter out = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.APPEND)) {
      for (String line; (line = in.readLine()) != null; ) {
        out.write(line);
        out.newLine();
        out.flush(); // the log is what an operator reads when something fails: keep it current
        offer(line);
      }
    } catch (IOException e) {
      // the process is gone or its pipe broke: what it wrote so far is in the log
    } finally {
      synchronized (lock) {
        outputEnded = true;
        watches.forEach(w -> w.found().completeExceptionally(new IllegalStateException("output ended")));
        watches.clear();
      }
    }
  }

  private void offer(String line) {
    synchronized (lock) {
      lines.addLast(line);
      if (lines.size() > KEPT_LINES) {
        lines.removeFirst();
      }
      watches.removeIf(w -> {
        Matcher m = w.pattern().matcher(line);
        return m.find() && w.found().complete(m);
      });
    }
  }

  /**
   * The first output line (already written or still to come) that {@code pattern} finds.
   *
   * @throws DemoFailure naming this process and its log when the process ends first or {@code timeout} passes
   */
  public Matcher awaitLine(Pattern pattern, Duration timeout, String what) {
    CompletableFuture<Matcher> found = new CompletableFuture<>();
    synchronized (lock) {
      for (String line : lines) {
        Matcher m = pattern.matcher(line);
        if (m.find()) {
          return m;
        }
      }
      if (outputEnded) {
        throw new DemoFailure(name + " ended before " + what + exitText() + "; log: " + log + lastLines());
      }
      watches.add(new Watch(pattern, found));
    }
    try {
      return found.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new DemoFailure(name + ": no " + what + " after " + timeout.toSeconds() + " s; log: " + log);
    } catch (ExecutionException e) {
      throw new DemoFailure(name + " ended before " + what + exitText() + "; log: " + log + lastLines());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DemoFailure("interrupted while waiting for " + what + " of " + name);
    }
  }

  /**
   * The first output line (among those kept, or still to come) that {@code pattern} finds, without blocking: the
   * future completes on the thread that reads the output, as soon as the line is written, and fails when the output
   * ends first. (For a caller that watches several processes at once.)
   */
  public CompletableFuture<Matcher> watchLine(Pattern pattern) {
    CompletableFuture<Matcher> found = new CompletableFuture<>();
    synchronized (lock) {
      for (String line : lines) {
        Matcher m = pattern.matcher(line);
        if (m.find()) {
          found.complete(m);
          return found;
        }
      }
      if (outputEnded) {
        found.completeExceptionally(new IllegalStateException(name + ": output ended"));
      } else {
        watches.add(new Watch(pattern, found));
      }
    }
    return found;
  }

  /** The last few output lines, so a failure can be read without opening the log. */
  String lastLines() {
    synchronized (lock) {
      List<String> all = new ArrayList<>(lines);
      List<String> tail = all.subList(Math.max(0, all.size() - 5), all.size());
      return tail.isEmpty() ? "" : "; its last lines:" + System.lineSeparator() + "    "
          + String.join(System.lineSeparator() + "    ", tail);
    }
  }

  private String exitText() {
    try {
      return process.waitFor(2, TimeUnit.SECONDS) ? " (exit code " + process.exitValue() + ")" : "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  /** Asks the process to stop (SIGTERM: shutdown hooks run, so Quarkus and the agents stop cleanly). */
  void requestStop() {
    stopRequested = true;
    process.destroy();
  }

  /**
   * Kills the process at once (SIGKILL: no shutdown hook runs, nothing is flushed or committed), as a crash would, and
   * waits up to {@code timeout} for it to be gone. Counts as requested: the group does not report it as a failure.
   * (The demo never does this; the end-to-end test crashes a worker with it.)
   *
   * @return true when the process is gone
   */
  public boolean kill(Duration timeout) throws InterruptedException {
    stopRequested = true;
    process.destroyForcibly();
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Waits up to {@code grace} for the process to end after {@link #requestStop}, then kills it and whatever it
   * started (an agent's edge JVMs) that is still running.
   *
   * @return how it ended, for the operator
   */
  String awaitStop(Duration grace) {
    List<ProcessHandle> descendants = process.descendants().toList(); // before they are orphaned
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
        descendants.forEach(ProcessHandle::destroyForcibly);
        return "killed after " + grace.toSeconds() + " s";
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    long leftOver = descendants.stream().filter(ProcessHandle::isAlive).peek(ProcessHandle::destroyForcibly).count();
    return "exit code " + process.exitValue() + (leftOver > 0 ? ", " + leftOver + " child process(es) killed" : "");
  }

  @Override
  public String toString() {
    return name + " (pid " + process.pid() + ", log " + log + ")";
  }
}
