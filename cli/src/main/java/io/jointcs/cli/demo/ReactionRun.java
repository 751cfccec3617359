package io.jointcs.cli.demo;

import io.jointcs.events.DeploymentPlan;
import io.jointcs.events.NetworkChange;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reaction time of automatic re-segmentation, over repeated network changes: alternates one agent's EMULATED uplink
 * between two rates ({@code POST /link}) and, for each change, waits for the device's next plan on jointcs.plans.
 * Times come from the topics as {@link PlanWatcher} reads them, never from a service's log: the link change is the
 * demo's clock at its POST; a NetworkChange is its {@code detectedAtEpochMs} (ingestion's clock when it detected
 * the change); a plan is its arrival at the demo's consumer. All run on this machine, so they share one clock.
 * Before each change the device is left alone for {@code settle}, so every change starts from a steady network
 * state.
 */
public final class ReactionRun {
  private final PlanWatcher watcher;
  private final ProcessGroup group;
  private final HttpJson http = new HttpJson();
  private final PrintStream out;

  public ReactionRun(PlanWatcher watcher, ProcessGroup group, PrintStream out) {
    this.watcher = watcher;
    this.group = group;
    this.out = out;
  }

  /**
   * @param deviceId the device whose uplink changes
   * @param admin its agent's admin endpoint
   * @param rates the rates to alternate between, Mbit/s; the first change goes to {@code rates[1]}
   * @param rttMs the EMULATED round-trip time kept throughout
   * @param changes how many changes
   * @param planTimeout longest wait for the plan after one change
   * @param settle quiet time before each change
   */
  public DemoReport.Reaction run(String deviceId, URI admin, double[] rates, double rttMs, int changes,
      Duration planTimeout, Duration settle) throws InterruptedException, IOException {
    List<DemoReport.ReactionSample> samples = new ArrayList<>();
    double load0 = loadAverage();
    for (int i = 1; i <= changes; i++) {
      double from = rates[(i - 1) % 2];
      double to = rates[i % 2];
      Launcher.sleep(settle);
      group.check();
      long beforeVersion = watcher.latestPlan(deviceId).map(o -> o.event().getPlanVersion()).orElse(0L);
      int cutBefore = watcher.latestPlan(deviceId).map(o -> o.event().getCutPoint()).orElse(-1);
      long changedAt = System.currentTimeMillis();
      HttpJson.Answer a = http.post(admin.resolve("link?mbps=" + ServiceDemo.num(to) + "&rttMs="
          + ServiceDemo.num(rttMs)));
      if (!a.ok()) {
        throw new DemoFailure("POST /link on agent " + deviceId + " answered " + a.status() + ": " + a.error());
      }
      Optional<PlanWatcher.Observed<DeploymentPlan>> next = watcher.awaitPlan(deviceId,
          p -> p.getPlanVersion() > beforeVersion, planTimeout);
      group.check();
      List<PlanWatcher.Observed<NetworkChange>> seen = watcher.changes(deviceId).stream()
          .filter(c -> c.event().getDetectedAtEpochMs() >= changedAt).toList();
      if (next.isEmpty()) {
        samples.add(new DemoReport.ReactionSample(i, from, to, changedAt, seen.size(), null, null, null, null,
            null, null, cutBefore, -1));
        out.printf(Locale.ROOT, "  change %2d: %s -> %s Mbit/s: no new plan within %d s (%d NetworkChange event(s))%n",
            i, ServiceDemo.num(from), ServiceDemo.num(to), planTimeout.toSeconds(), seen.size());
        continue;
      }
      PlanWatcher.Observed<DeploymentPlan> plan = next.get();
      long created = plan.event().getCreatedAtEpochMs();
      // the change the plan answers: the last one detected before the orchestrator made it
      Optional<NetworkChange> trigger = seen.stream().map(PlanWatcher.Observed::event)
          .filter(c -> c.getDetectedAtEpochMs() <= created).reduce((x, y) -> y);
      Optional<NetworkChange> first = seen.stream().map(PlanWatcher.Observed::event).findFirst();
      long arrived = plan.receivedAtEpochMs();
      DemoReport.ReactionSample s = new DemoReport.ReactionSample(i, from, to, changedAt, seen.size(),
          (double) (arrived - changedAt),
          first.map(c -> (double) (arrived - c.getDetectedAtEpochMs())).orElse(null),
          trigger.map(c -> (double) (arrived - c.getDetectedAtEpochMs())).orElse(null),
          trigger.map(c -> (double) (plan.recordTimestampMs() - c.getDetectedAtEpochMs())).orElse(null),
          (double) (arrived - plan.recordTimestampMs()), plan.event().getPlanVersion(), cutBefore,
          plan.event().getCutPoint());
      samples.add(s);
      out.printf(Locale.ROOT, "  change %2d: %s -> %s Mbit/s: plan v%d cut %d -> %d; link->plan %.0f ms, "
              + "triggering NetworkChange->plan %s ms (%d change event(s))%n", i, ServiceDemo.num(from),
          ServiceDemo.num(to), plan.event().getPlanVersion(), cutBefore, plan.event().getCutPoint(),
          s.linkToPlanMs(), s.triggerChangeToPlanMs() == null ? "-" : String.format(Locale.ROOT, "%.0f",
              s.triggerChangeToPlanMs()), seen.size());
    }
    double load1 = loadAverage();
    int missed = (int) samples.stream().filter(x -> x.linkToPlanMs() == null).count();
    return new DemoReport.Reaction(deviceId, Math.max(rates[0], rates[1]), Math.min(rates[0], rates[1]), rttMs, changes, missed, settle.toMillis(),
        stats(samples, DemoReport.ReactionSample::linkToPlanMs),
        stats(samples, DemoReport.ReactionSample::firstChangeToPlanMs),
        stats(samples, DemoReport.ReactionSample::triggerChangeToPlanMs),
        stats(samples, DemoReport.ReactionSample::triggerChangeToPlanRecordMs),
        load0, load1, samples);
  }

  /** Median and p99 by nearest rank (of n < 100 values, p99 is the maximum); null when no value. */
  static DemoReport.Percentiles stats(List<DemoReport.ReactionSample> samples,
      java.util.function.Function<DemoReport.ReactionSample, Double> field) {
    double[] v = samples.stream().map(field).filter(x -> x != null).mapToDouble(Double::doubleValue).sorted()
        .toArray();
    if (v.length == 0) {
      return null;
    }
    return new DemoReport.Percentiles(v.length, nearestRank(v, 50), nearestRank(v, 99), v[0], v[v.length - 1],
        Arrays.stream(v).average().orElse(Double.NaN));
  }

  /** The nearest-rank percentile of sorted values: the ceil(p/100 * n)-th smallest. */
  static double nearestRank(double[] sorted, double p) {
    int rank = (int) Math.ceil(p / 100 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
  }

  static double loadAverage() {
    try {
      return Double.parseDouble(java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }
}
