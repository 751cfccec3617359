package io.jointcs.latency.prediction;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * NetAdapt-style lookup table: the measured latency of each configuration (median of repeats). A query that was
 * measured is an exact hit; otherwise it is interpolated linearly along the channel dimension that varies, from
 * the nearest measured configurations of the same family (group, kernel, stride, padding, groups, spatial sizes,
 * batch): along output channels at the same input channels, along input channels at the same output channels,
 * bilinearly between four measured corners, or along the channels of a depthwise layer. Without bracketing
 * measurements it falls back to the nearest measured configuration scaled by the MACs (or bytes) ratio, and flags
 * the result as extrapolated; a group never measured is an error.
 */
public final class LookupTablePredictor implements LatencyPredictor {

  /** One measured configuration. */
  public record Entry(LayerFeatures features, double latencyMs, int sampleCount) {}

  /** Everything the predictor is, as serialized. */
  public record State(String deviceClass, List<Entry> entries, TrainingDomain domain, InvocationOverhead overhead) {}

  private final State state;
  private final Map<String, Entry> exact = new HashMap<>();
  private final Map<String, List<Entry>> families = new HashMap<>();
  private final Map<String, List<Entry>> groups = new HashMap<>();

  public LookupTablePredictor(State state) {
    this.state = new State(state.deviceClass(), List.copyOf(state.entries()), state.domain(), state.overhead());
    for (Entry e : this.state.entries()) {
      exact.put(exactKey(e.features(), e.features().groupKey()), e);
      families.computeIfAbsent(familyKey(e.features(), e.features().groupKey()), k -> new ArrayList<>()).add(e);
      groups.computeIfAbsent(e.features().groupKey(), k -> new ArrayList<>()).add(e);
    }
  }

  public static LookupTablePredictor train(List<LayerLatencySample> samples, double extrapolationMargin) {
    String device = SampleSets.deviceClassOf(samples);
    Map<String, List<LayerLatencySample>> byConfig = new LinkedHashMap<>();
    for (LayerLatencySample s : samples) {
      byConfig.computeIfAbsent(exactKey(s.features(), s.features().groupKey()), k -> new ArrayList<>()).add(s);
    }
    List<Entry> entries = new ArrayList<>();
    byConfig.values().forEach(list -> entries.add(new Entry(list.get(0).features(),
        median(list.stream().mapToDouble(LayerLatencySample::latencyMs).toArray()), list.size())));
    return new LookupTablePredictor(new State(device, entries, TrainingDomain.of(samples, extrapolationMargin),
        InvocationOverhead.NONE));
  }

  public State state() {
    return state;
  }

  @Override
  public String deviceClass() {
    return state.deviceClass();
  }

  @Override
  public PredictorKind kind() {
    return PredictorKind.LOOKUP_TABLE;
  }

  @Override
  public FeatureSet featureSet() {
    return FeatureSets.LAYER_CONFIG;
  }

  @Override
  public TrainingDomain domain() {
    return state.domain();
  }

  @Override
  public InvocationOverhead overhead() {
    return state.overhead();
  }

  @Override
  public LookupTablePredictor withOverhead(InvocationOverhead overhead) {
    return new LookupTablePredictor(new State(state.deviceClass(), state.entries(), state.domain(), overhead));
  }

  @Override
  public Prediction predict(LayerFeatures q) {
    // a table measured without fused activations answers for a layer that says its activation
    String group = q.groupIn(groups.keySet());
    Entry hit = group == null ? null : exact.get(exactKey(q, group));
    if (hit != null) {
      return Prediction.of(hit.latencyMs());
    }
    List<Entry> family = group == null ? List.of() : families.getOrDefault(familyKey(q, group), List.of());
    Optional<Double> interpolated = q.depthwise() ? alongDepthwise(family, q) : alongChannels(family, q);
    if (interpolated.isPresent()) {
      return Prediction.of(interpolated.get());
    }
    return scaledNearest(family, q);
  }

  private static Optional<Double> alongDepthwise(List<Entry> family, LayerFeatures q) {
    Map<Integer, Double> line = new HashMap<>();
    family.forEach(e -> line.put(e.features().inChannels(), e.latencyMs()));
    return interpolate(line, q.inChannels());
  }

  private static Optional<Double> alongChannels(List<Entry> family, LayerFeatures q) {
    Map<Integer, Double> sameIn = new HashMap<>();
    Map<Integer, Double> sameOut = new HashMap<>();
    Map<Long, Double> grid = new HashMap<>();
    TreeSet<Integer> ins = new TreeSet<>();
    TreeSet<Integer> outs = new TreeSet<>();
    for (Entry e : family) {
      int in = e.features().inChannels();
      int out = e.features().outChannels();
      if (in == q.inChannels()) {
        sameIn.put(out, e.latencyMs());
      }
      if (out == q.outChannels()) {
        sameOut.put(in, e.latencyMs());
      }
      grid.put(cell(in, out), e.latencyMs());
      ins.add(in);
      outs.add(out);
    }
    Optional<Double> byOut = interpolate(sameIn, q.outChannels());
    Optional<Double> byIn = interpolate(sameOut, q.inChannels());
    if (byOut.isPresent() && byIn.isPresent()) {
      // both lines bracket the query: take the one with the tighter relative bracket
      return bracketWidth(sameIn.keySet(), q.outChannels()) <= bracketWidth(sameOut.keySet(), q.inChannels())
          ? byOut : byIn;
    }
    if (byOut.isPresent() || byIn.isPresent()) {
      return byOut.isPresent() ? byOut : byIn;
    }
    Integer in0 = ins.lower(q.inChannels());
    Integer in1 = ins.higher(q.inChannels());
    Integer out0 = outs.lower(q.outChannels());
    Integer out1 = outs.higher(q.outChannels());
    if (in0 == null || in1 == null || out0 == null || out1 == null) {
      return Optional.empty();
    }
    Double v00 = grid.get(cell(in0, out0));
    Double v01 = grid.get(cell(in0, out1));
    Double v10 = grid.get(cell(in1, out0));
    Double v11 = grid.get(cell(in1, out1));
    if (v00 == null || v01 == null || v10 == null || v11 == null) {
      return Optional.empty();
    }
    double tIn = (q.inChannels() - in0) / (double) (in1 - in0);
    double tOut = (q.outChannels() - out0) / (double) (out1 - out0);
    return Optional.of((1 - tIn) * ((1 - tOut) * v00 + tOut * v01) + tIn * ((1 - tOut) * v10 + tOut * v11));
  }

  /** Linear interpolation at x between the nearest measured points below and above; empty without both. */
  private static Optional<Double> interpolate(Map<Integer, Double> line, int x) {
    TreeSet<Integer> xs = new TreeSet<>(line.keySet());
    Integer lo = xs.lower(x);
    Integer hi = xs.higher(x);
    if (lo == null || hi == null) {
      return Optional.empty();
    }
    double t = (x - lo) / (double) (hi - lo);
    return Optional.of(line.get(lo) + t * (line.get(hi) - line.get(lo)));
  }

  private static double bracketWidth(java.util.Set<Integer> xs, int x) {
    TreeSet<Integer> sorted = new TreeSet<>(xs);
    return Math.log(sorted.higher(x) / (double) sorted.lower(x));
  }

  private Prediction scaledNearest(List<Entry> family, LayerFeatures q) {
    List<Entry> pool = family;
    String where = "same family";
    if (pool.isEmpty()) {
      String group = q.groupIn(groups.keySet());
      pool = group == null ? null : groups.get(group);
      where = "same group, other kernel/stride/size";
      if (pool == null) {
        throw new IllegalArgumentException("lookup table of " + state.deviceClass()
            + " has no measurement of layer group " + q.groupKey() + "; measured groups: "
            + new TreeSet<>(groups.keySet()));
      }
    }
    Entry nearest = pool.stream().min(Comparator.comparingDouble(e -> distance(e.features(), q))).orElseThrow();
    LayerFeatures n = nearest.features();
    boolean byMacs = q.macs() > 0 && n.macs() > 0;
    double ratio = byMacs ? q.macs() / (double) n.macs()
        : (q.inputBytes() + q.outputBytes()) / (double) (n.inputBytes() + n.outputBytes());
    String detail = String.format(Locale.ROOT, "no measurements bracket %s in=%d out=%d; nearest measured (%s: "
            + "in=%d out=%d k=%d s=%d %dx%d) scaled by its %s ratio %.3g", q.groupKey(), q.inChannels(),
        q.outChannels(), where, n.inChannels(), n.outChannels(), n.kernelSize(), n.stride(), n.inputHeight(),
        n.inputWidth(), byMacs ? "MACs" : "bytes", ratio);
    return new Prediction(nearest.latencyMs() * ratio, true, detail);
  }

  private static double distance(LayerFeatures a, LayerFeatures b) {
    double[] x = FeatureSets.LAYER_LOG.extract(a);
    double[] y = FeatureSets.LAYER_LOG.extract(b);
    double d = 0;
    for (int i = 0; i < x.length; i++) {
      d += Math.abs(x[i] - y[i]);
    }
    return d;
  }

  private static long cell(int in, int out) {
    return ((long) in << 32) | out;
  }

  static String familyKey(LayerFeatures f, String group) {
    String grouping = f.depthwise() ? "dw" + (f.outChannels() / f.inChannels()) : "g" + f.groups();
    return String.join("|", group, "k" + f.kernelSize(), "s" + f.stride(), "p" + f.padding(), grouping,
        f.inputHeight() + "x" + f.inputWidth(), f.outputHeight() + "x" + f.outputWidth(), "b" + f.batchSize());
  }

  static String exactKey(LayerFeatures f, String group) {
    return familyKey(f, group) + "|" + f.inChannels() + "|" + f.outChannels();
  }

  static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }
}
