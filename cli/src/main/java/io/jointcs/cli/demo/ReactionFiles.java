package io.jointcs.cli.demo;

import io.jointcs.json.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The reaction measurement as a Markdown table, {@code reaction.json} and {@code reaction.svg} (one bar per change). */
public final class ReactionFiles {
  private ReactionFiles() {}

  public static void write(DemoReport.Reaction r, Path dir) throws IOException {
    Json.mapper().writeValue(dir.resolve("reaction.json").toFile(), r);
    Files.writeString(dir.resolve("reaction.svg"), svg(r));
  }

  public static void print(DemoReport.Reaction r, PrintStream out) {
    out.println();
    out.printf(Locale.ROOT, "Reaction time over %d alternating changes of %s's EMULATED uplink (%s <-> %s Mbit/s, "
            + "RTT %s ms, %d ms quiet before each; %d without a new plan); load average (1 min) %.2f before, %.2f "
            + "after:%n", r.changes(), r.deviceId(), ServiceDemo.num(r.lowMbps()), ServiceDemo.num(r.highMbps()),
        ServiceDemo.num(r.rttMs()), r.settleMs(), r.missed(), r.loadAverageBefore(), r.loadAverageAfter());
    out.println("| # | uplink Mbit/s | cut | NetworkChange events | link change -> plan ms | first NetworkChange -> "
        + "plan ms | triggering NetworkChange -> plan ms |");
    out.println("|---|---|---|---|---|---|---|");
    for (DemoReport.ReactionSample s : r.samples()) {
      out.printf(Locale.ROOT, "| %d | %s -> %s | %d -> %s | %d | %s | %s | %s |%n", s.index(),
          ServiceDemo.num(s.fromMbps()), ServiceDemo.num(s.toMbps()), s.cutBefore(),
          s.cutAfter() < 0 ? "-" : Integer.toString(s.cutAfter()), s.networkChangeEvents(), ms(s.linkToPlanMs()),
          ms(s.firstChangeToPlanMs()), ms(s.triggerChangeToPlanMs()));
    }
    out.println();
    out.println("| figure | n | median ms | p99 ms (nearest rank) | min | max | mean |");
    out.println("|---|---|---|---|---|---|---|");
    row("link change -> plan on jointcs.plans", r.linkToPlan(), out);
    row("first NetworkChange event -> plan on jointcs.plans", r.firstChangeToPlan(), out);
    row("triggering NetworkChange event -> plan on jointcs.plans", r.triggerChangeToPlan(), out);
    row("triggering NetworkChange event -> plan record timestamp", r.triggerChangeToPlanRecord(), out);
    out.println("(p99 by nearest rank: of fewer than 100 changes it is the maximum.)");
  }

  private static void row(String name, DemoReport.Percentiles p, PrintStream out) {
    if (p == null) {
      out.printf("| %s | 0 | - | - | - | - | - |%n", name);
      return;
    }
    out.printf(Locale.ROOT, "| %s | %d | %.0f | %.0f | %.0f | %.0f | %.0f |%n", name, p.count(), p.medianMs(),
        p.p99Ms(), p.minMs(), p.maxMs(), p.meanMs());
  }

  private static String ms(Double v) {
    return v == null ? "-" : String.format(Locale.ROOT, "%.0f", v);
  }

  /** Per change: link change -> plan (bar) and triggering NetworkChange -> plan (dark part). */
  static String svg(DemoReport.Reaction r) {
    int w = 720;
    int h = 320;
    int left = 60;
    int bottom = 40;
    int top = 30;
    double max = r.samples().stream().map(DemoReport.ReactionSample::linkToPlanMs).filter(x -> x != null)
        .mapToDouble(Double::doubleValue).max().orElse(1);
    max = Math.max(1, Math.ceil(max / 1000) * 1000);
    int n = Math.max(1, r.samples().size());
    double bw = (w - left - 20.0) / n;
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
        + "font-family=\"sans-serif\" font-size=\"11\">%n", w, h));
    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" font-size=\"13\">Re-segmentation reaction, %s: "
        + "link change -> plan (light), triggering NetworkChange -> plan (dark)</text>%n", left, r.deviceId()));
    double plotH = h - top - bottom;
    for (int t = 0; t <= 4; t++) {
      double v = max * t / 4;
      double y = top + plotH - plotH * t / 4;
      s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
          + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.1f s</text>%n", left, w - 20, y, y, left - 5, y + 4,
          v / 1000));
    }
    int i = 0;
    for (DemoReport.ReactionSample x : r.samples()) {
      double xPos = left + i * bw + 2;
      if (x.linkToPlanMs() != null) {
        double bh = plotH * x.linkToPlanMs() / max;
        s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
            + "fill=\"#9ecae1\"><title>change %d: %.0f ms</title></rect>%n", xPos, top + plotH - bh, bw - 4, bh,
            x.index(), x.linkToPlanMs()));
      }
      if (x.triggerChangeToPlanMs() != null) {
        double bh = plotH * x.triggerChangeToPlanMs() / max;
        s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
            + "fill=\"#08519c\"/>%n", xPos, top + plotH - bh, bw - 4, bh));
      }
      s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>%n",
          xPos + (bw - 4) / 2, h - bottom + 14, x.index()));
      i++;
    }
    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">change (alternating %s / %s Mbit/s)</text>%n",
        left, h - 8, ServiceDemo.num(r.lowMbps()), ServiceDemo.num(r.highMbps())));
    s.append("</svg>\n");
    return s.toString();
  }
}
