package io.jointcs.agent;

import io.jointcs.telemetry.publish.TelemetryPublisher;
import io.jointcs.events.DeploymentPlan;
import io.jointcs.events.ModelPart;
import io.jointcs.splitinference.InferenceResult;
import io.jointcs.splitinference.LinkEmulation;
import io.jointcs.splitinference.RequestTiming;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The split-inference thread: runs requests of the deployment in force at a fixed rate (closed loop, one in
 * flight), probes the uplink every probe interval between requests, and every report interval publishes the
 * latency it achieved and logs its percentiles. Requests and probes run under the agent's compute lock, so the
 * profiler never times layers while a request computes (and the reverse).
 */
final class SplitRunner implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(SplitRunner.class);
  private static final long ERROR_BACKOFF_MS = 1000;

  /**
   * The last report window: end-to-end latency and its parts, as the device measured them.
   *
   * @param planVersion plan the window ran
   * @param endToEnd input to scores on the device
   * @param head blocks 1..c on the device
   * @param transfer uplink, propagation and queueing (round trip minus edge compute)
   * @param edge blocks c+1..B as the edge reported them
   * @param link the link in force at the window's end
   */
  record Report(long planVersion, int cutPoint, LatencyWindow.Summary endToEnd, LatencyWindow.Summary head,
      LatencyWindow.Summary transfer, LatencyWindow.Summary edge, String link, boolean linkEmulated,
      long endEpochMs) {}

  private final AtomicReference<Deployment> current = new AtomicReference<>();
  private final ReentrantLock computeLock;
  private final LinkControl link;
  private final InputImages inputs;
  private final int batchSize;
  private final long periodNanos;
  private final Duration reportInterval;
  private final Duration probeInterval;
  private final NetworkProber prober;
  private final Supplier<Optional<InetSocketAddress>> standingEdge;
  private final TelemetryFactory telemetry;
  private final TelemetryPublisher publisher;
  private final CountDownLatch stop = new CountDownLatch(1);
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicReference<Report> lastReport = new AtomicReference<>();
  private final AtomicReference<UplinkMeasurement> lastProbe = new AtomicReference<>();
  private final AtomicReference<String> lastError = new AtomicReference<>();

  private LatencyWindow endToEnd = new LatencyWindow();
  private LatencyWindow headMs = new LatencyWindow();
  private LatencyWindow transferMs = new LatencyWindow();
  private LatencyWindow edgeMs = new LatencyWindow();
  private Deployment windowDeployment;
  /** Bytes of the cut tensor the window's requests sent (the same for every request of one plan). */
  private long windowCutBytes;
  private long nextProbeNanos = System.nanoTime();
  private final ProbeSchedule probes = new ProbeSchedule();

  SplitRunner(ReentrantLock computeLock, LinkControl link, InputImages inputs, int batchSize, double requestsPerSec,
      Duration reportInterval, Duration probeInterval, NetworkProber prober,
      Supplier<Optional<InetSocketAddress>> standingEdge, TelemetryFactory telemetry, TelemetryPublisher publisher) {
    this.computeLock = computeLock;
    this.link = link;
    this.inputs = inputs;
    this.batchSize = batchSize;
    this.periodNanos = (long) (1e9 / requestsPerSec);
    this.reportInterval = reportInterval;
    this.probeInterval = probeInterval;
    this.prober = prober;
    this.standingEdge = standingEdge;
    this.telemetry = telemetry;
    this.publisher = publisher;
  }

  /**
   * Switches to a new deployment between two requests and returns the old one (null if none) for the caller to
   * close: the new edge is serving before the old one stops.
   */
  Deployment switchTo(Deployment next) {
    computeLock.lock();
    try {
      return current.getAndSet(next);
    } finally {
      computeLock.unlock();
    }
  }

  Optional<Deployment> current() {
    return Optional.ofNullable(current.get());
  }

  @Override
  public void run() {
    long nextRequest = System.nanoTime();
    try {
      while (stop.getCount() > 0) {
        Deployment d = current.get();
        maybeProbe(d);
        if (d == null) {
          stop.await(100, TimeUnit.MILLISECONDS); // no plan yet: look again shortly
          continue;
        }
        long wait = nextRequest - System.nanoTime();
        if (wait > 0 && stop.await(wait, TimeUnit.NANOSECONDS)) {
          break;
        }
        nextRequest = Math.max(nextRequest + periodNanos, System.nanoTime() - periodNanos); // no catch-up bursts
        runOne();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      report(windowDeployment);
    }
  }

  private void runOne() throws InterruptedException {
    InferenceResult result;
    Deployment d;
    computeLock.lock();
    try {
      d = current.get();
      if (d != windowDeployment) {
        report(windowDeployment); // the finished plan's last window, before the new plan's requests
        windowDeployment = d;
      }
      d.followLink(link.current());
      result = d.infer(inputs.nextBatch(batchSize), batchSize);
    } catch (Exception e) {
      failures.incrementAndGet();
      String message = "split inference under " + current.get().describe() + " failed: " + e.getMessage();
      if (!message.equals(lastError.getAndSet(message))) {
        log.warn("{}; retrying in {} ms", message, ERROR_BACKOFF_MS);
      }
      stop.await(ERROR_BACKOFF_MS, TimeUnit.MILLISECONDS);
      return;
    } finally {
      computeLock.unlock();
    }
    requests.incrementAndGet();
    lastError.set(null);
    RequestTiming t = result.timing();
    endToEnd.record(t.endToEndMs());
    headMs.record(t.headMs());
    transferMs.record(t.transferMs());
    edgeMs.record(t.edgeMs());
    windowCutBytes = t.cutBytes();
    if (endToEnd.elapsedMs() >= reportInterval.toMillis()) {
      report(d);
    }
  }

  private void maybeProbe(Deployment d) {
    if (System.nanoTime() < nextProbeNanos) {
      return;
    }
    nextProbeNanos = System.nanoTime() + probeInterval.toNanos();
    Optional<InetSocketAddress> edge = d != null ? Optional.of(d.edge().address()) : standingEdge.get();
    if (edge.isEmpty()) {
      return; // local-edge mode before the first plan: no edge to probe yet
    }
    LinkEmulation linkNow = link.link();
    computeLock.lock();
    try {
      Optional<UplinkMeasurement> m = prober.measure(edge.get(), linkNow);
      if (m.isEmpty()) {
        log.info("uplink to {} too fast to resolve with probes ({}); no network sample this time", edge.get(),
            LinkControl.describe(linkNow));
        return;
      }
      lastProbe.set(m.get());
      publisher.publish(telemetry.network(m.get()));
      if (probes.confirmSoon(m.get().uplinkBandwidthBytesPerSec(), m.get().rttMs())) {
        nextProbeNanos = System.nanoTime() + ProbeSchedule.CONFIRM_DELAY.toNanos(); // a change: confirm it now
      }
      log.info(String.format(Locale.ROOT, "uplink to %s measured: %.3f Mbit/s, rtt %.1f ms (%s)", m.get().edge(),
          m.get().uplinkBandwidthBytesPerSec() * 8 / 1e6, m.get().rttMs(), LinkControl.describe(linkNow)));
    } catch (Exception e) {
      log.warn("probing the uplink to {} failed: {}", edge.get(), e.getMessage());
    } finally {
      computeLock.unlock();
    }
  }

  /** Publishes and logs the window of {@code d} (if it has requests) and starts a new one. */
  private void report(Deployment d) {
    if (d == null || endToEnd.count() == 0) {
      return;
    }
    LatencyWindow.Summary e2e = endToEnd.drain();
    LatencyWindow.Summary head = headMs.drain();
    LatencyWindow.Summary transfer = transferMs.drain();
    LatencyWindow.Summary edge = edgeMs.drain();
    DeploymentPlan plan = d.plan();
    LinkEmulation linkNow = d.link();
    Report report = new Report(plan.getPlanVersion(), plan.getCutPoint(), e2e, head, transfer, edge,
        linkNow.toString(), LinkControl.emulated(linkNow), System.currentTimeMillis());
    lastReport.set(report);
    // the device's own part: HEAD (blocks 1..c), or WHOLE when c = B (what this class's predictor is judged on)
    int cut = plan.getCutPoint();
    int blocks = plan.getBlockCount();
    if (cut > 0) {
      boolean whole = cut == blocks;
      publisher.publish(telemetry.model(TelemetryFactory.modelSample(d.modelSpecText(),
          whole ? plan.getModel() : plan.getHead(), whole ? ModelPart.WHOLE : ModelPart.HEAD, cut, blocks, batchSize,
          whole ? e2e : head)));
    }
    // and the achieved split end to end with its breakdown, over the link it ran on
    if (cut < blocks) {
      publisher.publish(telemetry.model(TelemetryFactory.splitSample(d.modelSpecText(), plan.getModel(), cut,
          blocks, batchSize, e2e, head, transfer, edge, windowCutBytes, linkNow, lastProbe.get())));
    }
    log.info(String.format(Locale.ROOT,
        "plan v%d cut %d/%d: %d requests in %.1f s, end-to-end p50 %.2f / p90 %.2f / p99 %.2f ms "
            + "(head p50 %.2f, transfer p50 %.2f, edge p50 %.2f ms) over %s",
        plan.getPlanVersion(), cut, blocks, e2e.count(), e2e.windowMs() / 1e3, e2e.p50Ms(), e2e.p90Ms(), e2e.p99Ms(),
        head.p50Ms(), transfer.p50Ms(), edge.p50Ms(), LinkControl.describe(linkNow)));
  }

  long requests() {
    return requests.get();
  }

  long failures() {
    return failures.get();
  }

  Optional<Report> lastReport() {
    return Optional.ofNullable(lastReport.get());
  }

  Optional<UplinkMeasurement> lastProbe() {
    return Optional.ofNullable(lastProbe.get());
  }

  Optional<String> lastError() {
    return Optional.ofNullable(lastError.get());
  }

  void stop() {
    stop.countDown();
  }
}
