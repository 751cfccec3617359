package io.jointcs.cli.demo;

import java.io.PrintStream;
import java.util.Locale;

/** The demo's summary as Markdown tables: series, plans, re-segmentation and its reaction time. */
public final class DemoReportPrinter {
  private DemoReportPrinter() {}

  public static void print(DemoReport r, PrintStream out) {
    out.println();
    out.printf("JointCS platform demo (%s): broker, 4 services and 2 device agents on this machine%n", r.budget());
    out.println();
    out.println("Latency predictors (trained by predictor-training from the agents' profiled layers):");
    out.println("| device class | version | training samples | hold-out samples | hold-out MAPE |");
    out.println("|---|---|---|---|---|");
    for (DemoReport.PredictorView p : r.predictors()) {
      out.printf(Locale.ROOT, "| %s | %d | %d | %d | %.1f%% |%n", p.deviceClass(), p.version(), p.trainingSamples(),
          p.validationSamples(), 100 * p.mape());
    }
    DemoReport.SearchView s = r.search();
    out.println();
    if (r.goal() != null) {
      out.printf(Locale.ROOT, "Latency goal: %.1f ms (%s)%n", r.goal().goalMs(), r.goal().source());
    }
    out.printf(Locale.ROOT, "Search %s: %s (%s) after %d step(s), %d candidates evaluated, %.0f s%n", s.searchId(),
        s.status(), s.outcome(), s.steps(), s.candidatesEvaluated(), s.wallSec());
    out.println("Series (accuracy measured by the compression executor on the validation split; latency predicted "
        + "at each target's best cut):");
    out.println("| step | model | top-1 | target | cut | device ms | transfer ms | edge ms | total ms |");
    out.println("|---|---|---|---|---|---|---|---|---|");
    for (DemoReport.SeriesEntry e : s.series()) {
      for (DemoReport.Placement p : e.placements()) {
        out.printf(Locale.ROOT, "| %d | %s | %.4f | %s | %d/%d | %.2f | %.2f | %.2f | %.2f |%n", e.step(),
            e.artifactSha256().substring(0, Math.min(12, e.artifactSha256().length())), e.accuracy(), p.target(),
            p.cutPoint(), p.blockCount(), p.deviceMs(), p.transferMs(), p.edgeMs(), p.totalMs());
      }
    }
    if (s.frontSvg() != null) {
      out.println("Pareto front: " + s.frontSvg());
    }
    plans("Deployment plans after the search (jointcs.plans) and what the agents measured under them:",
        r.plansAfterSearch(), out);
    plans("Deployment plans at the end:", r.plans(), out);
    DemoReport.Resegmentation g = r.resegmentation();
    out.println();
    out.printf(Locale.ROOT, "Re-segmentation: %s's EMULATED uplink lowered from %s to %s Mbit/s%n", g.deviceId(),
        ServiceDemo.num(g.fromMbps()), ServiceDemo.num(g.toMbps()));
    if (g.after() == null) {
      out.println("  " + g.note());
    } else {
      out.printf(Locale.ROOT, "  plan v%d (cut %d/%d, %.2f ms predicted) -> v%d (cut %d/%d, %.2f ms predicted)%n",
          g.before().version(), g.before().cutPoint(), g.before().blockCount(), g.before().predictedTotalMs(),
          g.after().version(), g.after().cutPoint(), g.after().blockCount(), g.after().predictedTotalMs());
      out.printf("  reason: %s: %s%n", g.after().reason(), g.after().reasonText());
      out.println("| reaction | ms |");
      out.println("|---|---|");
      out.printf(Locale.ROOT, "| link change -> new plan on jointcs.plans | %.0f |%n", g.reactionMs());
      if (g.fromNetworkChangeMs() != null) {
        out.printf(Locale.ROOT, "| first NetworkChange event -> new plan on jointcs.plans | %.0f |%n",
            g.fromNetworkChangeMs());
      }
      if (g.appliedAfterMs() != null) {
        out.printf(Locale.ROOT, "| link change -> agent runs the new plan | %.0f |%n", g.appliedAfterMs());
      }
      out.printf("  (%d NetworkChange event(s) of %s after the link change)%n", g.networkChanges(), g.deviceId());
    }
    if (r.reaction() != null) {
      ReactionFiles.print(r.reaction(), out);
      out.println("Files: " + r.runDir() + "/reaction.json, " + r.runDir() + "/reaction.svg");
    }
    if (r.memory() != null) {
      memory(r.memory(), out);
    }
    out.println();
    out.print("Phases:");
    r.phaseSeconds().forEach((k, v) -> out.printf(Locale.ROOT, " %s %.0f s;", k, v));
    out.println();
    out.println(r.emulationNote());
    out.println("Logs: " + r.runDir() + "/logs; report: " + r.runDir() + "/demo-report.json");
  }

  private static void memory(DemoReport.Memory m, PrintStream out) {
    out.println();
    out.printf(Locale.ROOT, "Resident memory (VmRSS, MiB): idle after start (load average %.2f); max during the "
        + "search (load average max %.2f); under ingestion load (%s):%n", m.idleLoadAverage(),
        m.searchLoadAverageMax(), m.loadSummary());
    out.println("| process | idle after start | search, max | before load (agents running) | under load, max | "
        + "under load, mean |");
    out.println("|---|---|---|---|---|---|");
    java.util.Set<String> names = new java.util.LinkedHashSet<>();
    for (var map : java.util.List.of(m.idleRssBytes(), m.searchMaxRssBytes(), m.loadIdleRssBytes(),
        m.loadMaxRssBytes())) {
      if (map != null) {
        names.addAll(map.keySet());
      }
    }
    for (String n : names) {
      out.printf("| %s | %s | %s | %s | %s | %s |%n", n, mib(m.idleRssBytes(), n), mib(m.searchMaxRssBytes(), n),
          mib(m.loadIdleRssBytes(), n), mib(m.loadMaxRssBytes(), n), mib(m.loadMeanRssBytes(), n));
    }
    out.println(m.note() + ".");
    out.println("Load: " + m.loadCommand());
    out.println("Load report: " + m.loadReport());
  }

  private static String mib(java.util.Map<String, Long> m, String name) {
    Long v = m == null ? null : m.get(name);
    return v == null ? "-" : String.format(Locale.ROOT, "%.0f", v / 1048576.0);
  }

  private static void plans(String title, java.util.List<DemoReport.PlanView> plans, PrintStream out) {
    out.println();
    out.println(title);
    out.println("| device | class | plan | model | cut | assumed uplink | predicted ms (device+transfer+edge) | "
        + "expected top-1 | reason | agent runs | agent measured |");
    out.println("|---|---|---|---|---|---|---|---|---|---|---|");
    for (DemoReport.PlanView p : plans) {
      plan(p, out);
    }
  }

  private static void plan(DemoReport.PlanView p, PrintStream out) {
    out.printf(Locale.ROOT, "| %s | %s | v%d | %s | %d/%d | %.2f Mbit/s, %.1f ms | %.2f+%.2f+%.2f = %.2f | %.4f "
            + "| %s: %s | %s | %s |%n", p.deviceId(), p.deviceClass(), p.version(), p.modelSha256().substring(0, 12),
        p.cutPoint(), p.blockCount(), p.assumedMbps(), p.assumedRttMs(), p.predictedDeviceMs(),
        p.predictedTransferMs(), p.predictedEdgeMs(), p.predictedTotalMs(), p.expectedAccuracy(), p.reason(),
        p.reasonText(), p.appliedVersion() < 0 ? "-" : "v" + p.appliedVersion(),
        p.agentMeasuredLatency() == null ? "-" : p.agentMeasuredLatency());
  }
}
