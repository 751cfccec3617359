package io.jointcs.search.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A line chart as a standalone SVG document, built as plain text: one polyline with markers per series, axes with
 * "nice" ticks and labels, a grid, and a legend right of the plot.
 */
public final class SvgPlot {
  /** A data point in axis units. */
  public record Point(double x, double y) {
    public Point {
      if (!Double.isFinite(x) || !Double.isFinite(y)) {
        throw new IllegalArgumentException("plot points must be finite, got (" + x + ", " + y + ")");
      }
    }
  }

  /** One polyline: its legend label and points, drawn in the given order. */
  public record Series(String label, List<Point> points) {
    public Series {
      points = List.copyOf(points);
    }
  }

  private static final String[] COLORS = {
    "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"
  };
  private static final int WIDTH = 760;
  private static final int HEIGHT = 480;
  private static final int LEFT = 70;
  private static final int RIGHT = 210;
  private static final int TOP = 50;
  private static final int BOTTOM = 60;
  private static final int TARGET_TICKS = 6;

  private final String title;
  private final String subtitle;
  private final String xLabel;
  private final String yLabel;
  private final List<Series> series;

  public SvgPlot(String title, String subtitle, String xLabel, String yLabel, List<Series> series) {
    if (series.isEmpty()) {
      throw new IllegalArgumentException("a plot needs at least one series");
    }
    this.title = title;
    this.subtitle = subtitle == null ? "" : subtitle;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
    this.series = List.copyOf(series);
  }

  /** An axis from min to max with ticks at round numbers; the range is widened to whole ticks. */
  record Axis(double min, double max, double step, List<Double> ticks) {

    static Axis covering(double lo, double hi) {
      if (lo == hi) {
        double pad = lo == 0 ? 1 : Math.abs(lo) * 0.05;
        lo -= pad;
        hi += pad;
      }
      double step = niceStep((hi - lo) / (TARGET_TICKS - 1));
      double min = Math.floor(lo / step) * step;
      double max = Math.ceil(hi / step) * step;
      List<Double> ticks = new ArrayList<>();
      for (int i = 0; min + i * step <= max + step * 1e-9; i++) {
        ticks.add(min + i * step);
      }
      return new Axis(min, max, step, ticks);
    }

    /** 1, 2 or 5 times a power of ten, the nearest at or above {@code raw}. */
    static double niceStep(double raw) {
      double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
      double fraction = raw / magnitude;
      double nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
      return nice * magnitude;
    }

    String label(double value) {
      int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
      return String.format(Locale.ROOT, "%." + decimals + "f", Math.abs(value) < step * 1e-9 ? 0.0 : value);
    }
  }

  public String render() {
    List<Point> all = series.stream().flatMap(s -> s.points().stream()).toList();
    Axis x = all.isEmpty() ? Axis.covering(0, 1)
        : Axis.covering(all.stream().mapToDouble(Point::x).min().orElseThrow(),
            all.stream().mapToDouble(Point::x).max().orElseThrow());
    Axis y = all.isEmpty() ? Axis.covering(0, 1)
        : Axis.covering(all.stream().mapToDouble(Point::y).min().orElseThrow(),
            all.stream().mapToDouble(Point::y).max().orElseThrow());
    double plotWidth = WIDTH - LEFT - RIGHT;
    double plotHeight = HEIGHT - TOP - BOTTOM;
    StringBuilder svg = new StringBuilder();
    svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
        + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">\n", WIDTH, HEIGHT, WIDTH, HEIGHT));
    svg.append("  <title>").append(escape(title)).append("</title>\n");
    svg.append(String.format(Locale.ROOT, "  <rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"white\"/>%n",
        WIDTH, HEIGHT));
    text(svg, WIDTH / 2.0 - RIGHT / 2.0, 22, "middle", "font-size=\"15\" font-weight=\"bold\"", title);
    if (!subtitle.isEmpty()) {
      text(svg, WIDTH / 2.0 - RIGHT / 2.0, 39, "middle", "fill=\"#555\"", subtitle);
    }
    svg.append("  <g class=\"grid\" stroke=\"#e5e5e5\" stroke-width=\"1\">\n");
    for (double t : x.ticks()) {
      double px = LEFT + (t - x.min()) / (x.max() - x.min()) * plotWidth;
      line(svg, px, TOP, px, TOP + plotHeight);
    }
    for (double t : y.ticks()) {
      double py = TOP + plotHeight - (t - y.min()) / (y.max() - y.min()) * plotHeight;
      line(svg, LEFT, py, LEFT + plotWidth, py);
    }
    svg.append("  </g>\n");
    svg.append("  <g class=\"axes\" stroke=\"black\" stroke-width=\"1\">\n");
    line(svg, LEFT, TOP + plotHeight, LEFT + plotWidth, TOP + plotHeight);
    line(svg, LEFT, TOP, LEFT, TOP + plotHeight);
    for (double t : x.ticks()) {
      double px = LEFT + (t - x.min()) / (x.max() - x.min()) * plotWidth;
      line(svg, px, TOP + plotHeight, px, TOP + plotHeight + 5);
    }
    for (double t : y.ticks()) {
      double py = TOP + plotHeight - (t - y.min()) / (y.max() - y.min()) * plotHeight;
      line(svg, LEFT - 5, py, LEFT, py);
    }
    svg.append("  </g>\n");
    svg.append("  <g class=\"tick-labels\">\n");
    for (double t : x.ticks()) {
      double px = LEFT + (t - x.min()) / (x.max() - x.min()) * plotWidth;
      text(svg, px, TOP + plotHeight + 19, "middle", "", x.label(t));
    }
    for (double t : y.ticks()) {
      double py = TOP + plotHeight - (t - y.min()) / (y.max() - y.min()) * plotHeight;
      text(svg, LEFT - 8, py + 4, "end", "", y.label(t));
    }
    svg.append("  </g>\n");
    text(svg, LEFT + plotWidth / 2, HEIGHT - 15, "middle", "class=\"x-label\"", xLabel);
    double yMid = TOP + plotHeight / 2;
    svg.append(String.format(Locale.ROOT, "  <text class=\"y-label\" x=\"18\" y=\"%.1f\" text-anchor=\"middle\" "
        + "transform=\"rotate(-90 18 %.1f)\">%s</text>%n", yMid, yMid, escape(yLabel)));
    for (int i = 0; i < series.size(); i++) {
      drawSeries(svg, series.get(i), COLORS[i % COLORS.length], x, y, plotWidth, plotHeight);
    }
    drawLegend(svg, LEFT + plotWidth + 15);
    svg.append("</svg>\n");
    return svg.toString();
  }

  private static void drawSeries(StringBuilder svg, Series s, String color, Axis x, Axis y, double plotWidth,
      double plotHeight) {
    if (s.points().isEmpty()) {
      return;
    }
    StringBuilder coords = new StringBuilder();
    List<double[]> pixels = new ArrayList<>();
    for (Point p : s.points()) {
      double px = LEFT + (p.x() - x.min()) / (x.max() - x.min()) * plotWidth;
      double py = TOP + plotHeight - (p.y() - y.min()) / (y.max() - y.min()) * plotHeight;
      pixels.add(new double[] {px, py});
      coords.append(String.format(Locale.ROOT, "%s%.1f,%.1f", coords.length() == 0 ? "" : " ", px, py));
    }
    svg.append("  <g class=\"series\">\n");
    svg.append(String.format(Locale.ROOT, "    <polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" "
        + "points=\"%s\"><title>%s</title></polyline>%n", color, coords, escape(s.label())));
    for (double[] p : pixels) {
      svg.append(String.format(Locale.ROOT, "    <circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n", p[0], p[1],
          color));
    }
    svg.append("  </g>\n");
  }

  private void drawLegend(StringBuilder svg, double left) {
    svg.append("  <g class=\"legend\">\n");
    for (int i = 0; i < series.size(); i++) {
      double y = TOP + 10 + i * 20;
      String color = COLORS[i % COLORS.length];
      svg.append(String.format(Locale.ROOT, "    <line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
          + "stroke-width=\"2\"/>%n", left, y, left + 22, y, color));
      svg.append(String.format(Locale.ROOT, "    <circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n", left + 11, y,
          color));
      svg.append("  ");
      text(svg, left + 28, y + 4, "start", "", series.get(i).label());
    }
    svg.append("  </g>\n");
  }

  private static void line(StringBuilder svg, double x1, double y1, double x2, double y2) {
    svg.append(String.format(Locale.ROOT, "    <line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>%n", x1, y1, x2,
        y2));
  }

  private static void text(StringBuilder svg, double x, double y, String anchor, String attributes, String content) {
    svg.append(String.format(Locale.ROOT, "  <text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\"%s>%s</text>%n", x, y,
        anchor, attributes.isEmpty() ? "" : " " + attributes, escape(content)));
  }

  /** XML text and attribute escaping. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&apos;");
        default -> {
          if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
            out.append(' '); // not allowed in XML 1.0
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  public void write(Path file) {
    try {
      Files.writeString(file, render());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write plot to " + file, e);
    }
  }
}
