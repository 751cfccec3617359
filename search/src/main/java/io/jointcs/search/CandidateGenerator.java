package io.jointcs.search;

import io.jointcs.model.ChannelGroup;
import io.jointcs.model.ModelSpec;
import io.jointcs.segmentation.CutQuantization;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The candidates of one state (predictor only): for each channel group the widest allowed width below the current
 * one whose model meets tau, and, when offered, the INT8 cut tensor.
 */
public final class CandidateGenerator {
  private final SplitObjective objective;
  private final WidthSpace space;
  private final WidthSearch widthSearch;
  private final boolean quantizeCutAction;
  private final long seed;

  public CandidateGenerator(SplitObjective objective, WidthSpace space, WidthSearch widthSearch,
      boolean quantizeCutAction, long seed) {
    this.objective = objective;
    this.space = space;
    this.widthSearch = widthSearch;
    this.quantizeCutAction = quantizeCutAction;
    this.seed = seed;
  }

  /** Candidates in a fixed order: groups by index, then the quantize action. */
  public List<Candidate> candidates(SeriesEntry parent, int beamRank, int step, double tau) {
    List<Candidate> out = new ArrayList<>();
    String prefix = "s" + step + ".b" + beamRank;
    ModelSpec spec = parent.spec();
    for (ChannelGroup group : spec.architecture().channelGroups()) {
      int g = group.index();
      OptionalInt width = widestMeeting(spec, parent.quantization(), g, tau);
      if (width.isPresent()) {
        ModelSpec narrower = spec.withWidth(g, width.getAsInt());
        SearchAction action = SearchAction.prune(g, group.name(), spec.width(g), width.getAsInt());
        out.add(candidate(prefix + ".g" + g + "-w" + width.getAsInt(), parent, step, action, narrower,
            parent.quantization()));
      }
    }
    if (quantizeCutAction && parent.quantization() == CutQuantization.NONE
        && objective.assess(spec, CutQuantization.INT8).normalizedLatency() <= tau) {
      out.add(candidate(prefix + ".int8", parent, step, SearchAction.quantizeCut(), spec, CutQuantization.INT8));
    }
    return out;
  }

  /** The widest allowed width of {@code group} below its current one with normalized latency &lt;= tau. */
  public OptionalInt widestMeeting(ModelSpec spec, CutQuantization quantization, int group, double tau) {
    List<Integer> narrower = space.narrowerThan(group, spec.width(group));
    if (narrower.isEmpty()) {
      return OptionalInt.empty();
    }
    return widthSearch == WidthSearch.LINEAR
        ? linear(spec, quantization, group, tau, narrower)
        : binary(spec, quantization, group, tau, narrower);
  }

  private boolean meets(ModelSpec spec, CutQuantization quantization, int group, int width, double tau) {
    return objective.assess(spec.withWidth(group, width), quantization).normalizedLatency() <= tau;
  }

  private OptionalInt linear(ModelSpec spec, CutQuantization q, int group, double tau, List<Integer> widths) {
    for (int i = widths.size() - 1; i >= 0; i--) {
      if (meets(spec, q, group, widths.get(i), tau)) {
        return OptionalInt.of(widths.get(i));
      }
    }
    return OptionalInt.empty();
  }

  /** Largest index meeting tau, assuming latency never falls as the width grows. */
  private OptionalInt binary(ModelSpec spec, CutQuantization q, int group, double tau, List<Integer> widths) {
    int last = widths.size() - 1;
    if (meets(spec, q, group, widths.get(last), tau)) {
      return OptionalInt.of(widths.get(last));
    }
    if (!meets(spec, q, group, widths.get(0), tau)) {
      return OptionalInt.empty();
    }
    int good = 0;
    int bad = last;
    while (bad - good > 1) {
      int mid = (good + bad) >>> 1;
      if (meets(spec, q, group, widths.get(mid), tau)) {
        good = mid;
      } else {
        bad = mid;
      }
    }
    return OptionalInt.of(widths.get(good));
  }

  private Candidate candidate(String id, SeriesEntry parent, int step, SearchAction action, ModelSpec spec,
      CutQuantization quantization) {
    Assessment assessment = objective.assess(spec, quantization);
    return new Candidate(id, parent.id(), parent.artifact(), step, action, spec, quantization, assessment.cuts(),
        assessment.normalizedLatency(), Candidate.seedFor(seed, id));
  }
}
