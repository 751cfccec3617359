package io.jointcs.cli.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Every process the demo started, stopped together: at the end, on a failure, and on Ctrl-C or SIGTERM (a shutdown
 * hook). A child that exits while nobody asked it to is a failure of the whole run, reported by {@link #check}.
 * (A SIGKILL of the demo itself cannot be caught: its children then keep running; their pids are printed at start.)
 */
public final class ProcessGroup implements AutoCloseable {
  private final List<ChildProcess> children = new ArrayList<>(); // guarded by this
  private final AtomicReference<String> failure = new AtomicReference<>();
  private final Duration grace;
  private final PrintStream log;
  private final Thread hook;
  private boolean stopped; // guarded by this
  private volatile boolean signalled;

  /**
   * @param grace how long each child gets to stop after SIGTERM before it is killed
   * @param log where start and stop are reported for the operator
   */
  public ProcessGroup(Duration grace, PrintStream log) {
    this.grace = grace;
    this.log = log;
    this.hook = new Thread(() -> {
      signalled = true;
      stopAll();
    }, "jointcs-demo-stop");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Starts a child; its unrequested exit becomes this group's failure. */
  public synchronized ChildProcess start(String name, List<String> command, Map<String, String> env, Path workDir,
      Path logFile) throws IOException {
    if (stopped) {
      throw new DemoFailure("not starting " + name + ": the demo is stopping");
    }
    ChildProcess child = ChildProcess.start(name, command, env, workDir, logFile);
    children.add(child);
    log.printf("  started %s%n", child);
    child.onExit().thenAccept(p -> {
      if (!child.stopRequested()) {
        failure.compareAndSet(null, name + " exited unexpectedly with code " + p.exitValue() + "; log: "
            + child.log());
      }
    });
    return child;
  }

  /**
   * Starts a child that is expected to end by itself (a load generator): its exit is no failure; it is still
   * stopped with the others if it runs when the group stops.
   */
  public synchronized ChildProcess startTask(String name, List<String> command, Map<String, String> env, Path workDir,
      Path logFile) throws IOException {
    if (stopped) {
      throw new DemoFailure("not starting " + name + ": the demo is stopping");
    }
    ChildProcess child = ChildProcess.start(name, command, env, workDir, logFile);
    children.add(child);
    log.printf("  started %s%n", child);
    return child;
  }

  /** @throws DemoFailure when a child exited without being asked to */
  public void check() {
    String f = failure.get();
    if (f != null) {
      throw new DemoFailure(f);
    }
  }

  public Optional<String> failure() {
    return Optional.ofNullable(failure.get());
  }

  public synchronized List<ChildProcess> children() {
    return List.copyOf(children);
  }

  /** True once Ctrl-C or SIGTERM started stopping everything: whatever fails after that is a consequence. */
  public boolean stoppedBySignal() {
    return signalled;
  }

  /**
   * SIGTERM to every child at once, newest first (agents before the services they talk to), then each gets the grace
   * period; what is left is killed with its own children. Idempotent; a second caller waits until the first is done
   * (so the demo's main thread closes the broker only after the services let go of it).
   */
  public synchronized void stopAll() {
    if (stopped) {
      return;
    }
    stopped = true;
    List<ChildProcess> toStop = new ArrayList<>(children);
    if (toStop.isEmpty()) {
      return;
    }
    java.util.Collections.reverse(toStop);
    log.printf("stopping %d process(es)...%n", toStop.size());
    toStop.forEach(ChildProcess::requestStop);
    for (ChildProcess c : toStop) {
      log.printf("  %s: %s%n", c.name(), c.awaitStop(grace));
    }
    log.flush();
  }

  @Override
  public void close() {
    stopAll();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down: the hook runs (or ran) stopAll, which is idempotent
    }
  }
}
