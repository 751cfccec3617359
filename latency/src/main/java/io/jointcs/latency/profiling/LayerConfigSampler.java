package io.jointcs.latency.profiling;

import io.jointcs.model.Architecture;
import io.jointcs.model.ChannelGroup;
import io.jointcs.model.LayerDescriptor;
import io.jointcs.model.LayerType;
import io.jointcs.model.ModelSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Chooses the layer configurations to profile, in the spirit of nn-Meter's adaptive data sampling: first the
 * configurations the search can actually produce (a prior taken from the supported architectures), then
 * fine-grained samples around them; {@link #refineAround} is the second, error-driven round.
 *
 * <p>Candidates: for every layer of every architecture, the (inChannels, outChannels) pairs reachable when its
 * input and output channel groups take widths on a grid (k/gridSteps of the base width), deduplicated by
 * {@link LayerSignature}. Selection under the budget: one configuration per {@link CoverageCell} first, the rest
 * of the grid share stratified by layer type (shares weighted by the square root of the type's candidates) and
 * then by cell (equal shares), water-filled so that what small strata cannot use goes to the others; the random
 * share is filled with off-grid widths around grid candidates, types drawn with the same weights. The result is shuffled so that slow
 * drift of the machine during profiling does not line up with one layer type.
 */
public final class LayerConfigSampler {
  private final SamplerConfig config;

  public LayerConfigSampler(SamplerConfig config) {
    this.config = config;
  }

  /** A sampled configuration set and how it was made up. */
  public record Sample(List<LayerDescriptor> layers, int cells, int gridCandidates, int gridSelected,
      int randomSelected) {
    public Sample {
      layers = List.copyOf(layers);
    }
  }

  /** A layer of some architecture and how its channels may vary. */
  private record Template(Architecture architecture, LayerDescriptor layer, int inBase, int outBase) {
    boolean inFixed() {
      return layer.inputGroup() < 0;
    }

    boolean outFixed() {
      return layer.outputGroup() < 0;
    }

    boolean tied() {
      return LayerShapes.keepsChannels(layer)
          || (layer.inputGroup() >= 0 && layer.inputGroup() == layer.outputGroup());
    }
  }

  private record Candidate(Template template, LayerDescriptor layer) {}

  public Sample sample() {
    Random random = new Random(config.seed());
    Map<LayerSignature, Candidate> unique = new LinkedHashMap<>();
    for (Template t : templates()) {
      for (Candidate c : gridCandidates(t)) {
        unique.putIfAbsent(LayerSignature.of(c.layer()), c);
      }
    }
    Map<LayerType, Map<CoverageCell, List<Candidate>>> strata = new EnumMap<>(LayerType.class);
    for (Candidate c : unique.values()) {
      strata.computeIfAbsent(c.layer().type(), k -> new TreeMap<>(CoverageCell.ORDER))
          .computeIfAbsent(CoverageCell.of(c.layer()), k -> new ArrayList<>()).add(c);
    }
    int cells = strata.values().stream().mapToInt(Map::size).sum();
    if (config.budget() < cells) {
      throw new IllegalArgumentException("budget of " + config.budget() + " layer configurations cannot cover the "
          + cells + " (type, kernel, stride, input size) cells of " + config.architectures()
          + "; give at least " + cells);
    }
    int gridBudget = Math.max(cells, config.budget() - (int) Math.round(config.budget() * config.randomShare()));

    List<LayerDescriptor> selected = new ArrayList<>();
    Set<LayerSignature> taken = new HashSet<>();
    // shuffled once: the first of each cell is its mandatory pick, further picks continue down the list
    strata.values().forEach(byCell -> byCell.values().forEach(list -> Collections.shuffle(list, random)));
    strata.values().forEach(byCell -> byCell.values().forEach(list -> take(list.get(0), selected, taken)));

    Map<LayerType, Integer> typeAvailable = new LinkedHashMap<>();
    strata.forEach((type, byCell) -> typeAvailable.put(type, byCell.values().stream().mapToInt(l -> l.size() - 1)
        .sum()));
    // convolutions vary most and cost most, pooling hardly at all: shares grow with the square root of the
    // candidates a type has, between equal shares (starving convolutions) and proportional ones (starving the rest)
    Map<LayerType, Integer> typeQuota = Stratified.allocate(typeAvailable, gridBudget - selected.size(),
        type -> typeWeight(strata.get(type)));
    strata.forEach((type, byCell) -> {
      Map<CoverageCell, Integer> cellAvailable = new LinkedHashMap<>();
      byCell.forEach((cell, list) -> cellAvailable.put(cell, list.size() - 1));
      Stratified.allocate(cellAvailable, typeQuota.get(type)).forEach((cell, quota) ->
          byCell.get(cell).subList(1, 1 + quota).forEach(c -> take(c, selected, taken)));
    });
    int gridSelected = selected.size();

    // what the grid leaves of the budget, but no more random shapes than grid ones to place them around
    int randomTarget = config.randomShare() == 0 ? 0 : Math.min(config.budget() - gridSelected, unique.size());
    List<List<Candidate>> byType = strata.values().stream()
        .map(byCell -> byCell.values().stream().flatMap(List::stream).toList()).toList();
    double[] cumulative = new double[byType.size()];
    double sum = 0;
    for (int t = 0; t < byType.size(); t++) {
      sum += Math.sqrt(byType.get(t).size());
      cumulative[t] = sum;
    }
    int attempts = 0;
    int added = 0;
    while (added < randomTarget && attempts++ < 20 * randomTarget) {
      // the type is drawn with the same square-root weights as the grid shares
      double u = random.nextDouble() * sum;
      int t = 0;
      while (t < cumulative.length - 1 && cumulative[t] <= u) {
        t++;
      }
      List<Candidate> pool = byType.get(t);
      Candidate around = pool.get(random.nextInt(pool.size()));
      LayerDescriptor jittered = jitter(around, random);
      if (jittered != null && take(jittered, selected, taken)) {
        added++;
      }
    }
    Collections.shuffle(selected, random);
    return new Sample(selected, cells, unique.size(), gridSelected, added);
  }

  /**
   * Fine-grained samples around given layers (e.g. those a predictor gets most wrong): channels moved by up to an
   * eighth of their count, geometry kept. Fixed channels (the image, the class count) and tied ones stay so.
   *
   * @param perLayer neighbours to make for each focus layer (fewer where the neighbourhood is small)
   */
  public List<LayerDescriptor> refineAround(List<LayerDescriptor> focus, int perLayer) {
    Random random = new Random(config.seed() ^ 0x5DEECE66DL);
    Set<LayerSignature> taken = new HashSet<>();
    focus.forEach(l -> taken.add(LayerSignature.of(l)));
    List<LayerDescriptor> out = new ArrayList<>();
    for (LayerDescriptor layer : focus) {
      Template t = new Template(null, layer, layer.inChannels(), layer.outChannels());
      int made = 0;
      for (int attempt = 0; made < perLayer && attempt < 20 * perLayer; attempt++) {
        int in = t.inFixed() ? layer.inChannels() : move(layer.inChannels(), Math.max(1, layer.inChannels() / 8),
            Integer.MAX_VALUE, random);
        int out2 = t.tied() ? in : t.outFixed() ? layer.outChannels()
            : move(layer.outChannels(), Math.max(1, layer.outChannels() / 8), Integer.MAX_VALUE, random);
        LayerDescriptor neighbour = LayerShapes.resize(layer, in, out2, "refine/" + layer.name());
        if (taken.add(LayerSignature.of(neighbour))) {
          out.add(neighbour);
          made++;
        }
      }
    }
    return out;
  }

  private static double typeWeight(Map<CoverageCell, List<Candidate>> byCell) {
    return Math.sqrt(byCell.values().stream().mapToInt(List::size).sum());
  }

  /** Every layer of every base architecture, with the base widths of its channel groups. */
  private List<Template> templates() {
    List<Template> templates = new ArrayList<>();
    for (Architecture a : config.architectures()) {
      List<ChannelGroup> groups = a.channelGroups();
      for (LayerDescriptor l : ModelSpec.base(a, config.numClasses()).plan().layers()) {
        int inBase = l.inputGroup() < 0 ? l.inChannels() : groups.get(l.inputGroup()).baseWidth();
        int outBase = l.outputGroup() < 0 ? l.outChannels() : groups.get(l.outputGroup()).baseWidth();
        templates.add(new Template(a, l, inBase, outBase));
      }
    }
    return templates;
  }

  private List<Candidate> gridCandidates(Template t) {
    String name = "grid/" + t.architecture().id() + "/" + t.layer().name();
    List<Candidate> out = new ArrayList<>();
    List<Integer> ins = t.inFixed() ? List.of(t.layer().inChannels()) : grid(t.inBase());
    for (int in : ins) {
      List<Integer> outs = t.tied() ? List.of(in) : t.outFixed() ? List.of(t.layer().outChannels())
          : grid(t.outBase());
      for (int o : outs) {
        out.add(new Candidate(t, LayerShapes.resize(t.layer(), in, o, name)));
      }
    }
    return out;
  }

  /** Widths k/gridSteps of the base, rounded, at least 1, distinct and ascending. */
  List<Integer> grid(int base) {
    TreeSet<Integer> widths = new TreeSet<>();
    for (int k = 1; k <= config.gridSteps(); k++) {
      widths.add(Math.max(1, (int) Math.round((double) base * k / config.gridSteps())));
    }
    return List.copyOf(widths);
  }

  /** Off-grid neighbour of a grid candidate: each free channel count moved by up to one grid step. */
  private LayerDescriptor jitter(Candidate c, Random random) {
    Template t = c.template();
    LayerDescriptor l = c.layer();
    if (t.inFixed() && (t.outFixed() || t.tied())) {
      return null;
    }
    int in = t.inFixed() ? l.inChannels() : move(l.inChannels(), step(t.inBase()), t.inBase(), random);
    int out = t.tied() ? in : t.outFixed() ? l.outChannels()
        : move(l.outChannels(), step(t.outBase()), t.outBase(), random);
    return LayerShapes.resize(t.layer(), in, out, "random/" + t.architecture().id() + "/" + t.layer().name());
  }

  private int step(int base) {
    return Math.max(1, base / config.gridSteps());
  }

  /** value moved by a uniform amount in [-radius, radius], kept in 1..max. */
  private static int move(int value, int radius, int max, Random random) {
    int moved = value + random.nextInt(2 * radius + 1) - radius;
    return Math.max(1, Math.min(max, moved));
  }

  private static boolean take(Candidate c, List<LayerDescriptor> selected, Set<LayerSignature> taken) {
    return take(c.layer(), selected, taken);
  }

  private static boolean take(LayerDescriptor l, List<LayerDescriptor> selected, Set<LayerSignature> taken) {
    if (!taken.add(LayerSignature.of(l))) {
      return false;
    }
    selected.add(l);
    return true;
  }
}
