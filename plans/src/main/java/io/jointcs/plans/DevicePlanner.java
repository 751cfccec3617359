package io.jointcs.plans;

import io.jointcs.events.PlanReason;
import io.jointcs.search.EndToEndLatency;
import io.jointcs.search.LatencyGoal;
import io.jointcs.search.LatencyModels;
import io.jointcs.search.NetworkLink;
import io.jointcs.search.Target;
import io.jointcs.search.TargetCut;
import io.jointcs.search.TargetSpec;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Makes deployment plans from the latency models of the moment: which model of a series a device runs, and where
 * it is cut for the device's current network. Re-segmentation moves only the cut (no retraining) and only when the
 * predicted gain clears the hysteresis threshold, so that a noisy network does not make devices flap between plans.
 */
public final class DevicePlanner {
  // the goal plays no part in placing a cut; a target only needs one to be well formed
  private static final LatencyGoal NO_GOAL = LatencyGoal.absoluteMs(Double.MAX_VALUE);

  private final LatencyModels models;
  private final String edgeClass;
  private final double hysteresisRatio;

  /**
   * @param models latency model of every device class and of the edge class
   * @param edgeClass device class of the edge server that runs the tails
   * @param hysteresisRatio relative predicted gain a re-segmentation must exceed, in [0, 1)
   */
  public DevicePlanner(LatencyModels models, String edgeClass, double hysteresisRatio) {
    if (models == null || edgeClass == null || edgeClass.isBlank()) {
      throw new IllegalArgumentException("a planner needs latency models and the edge class");
    }
    if (!(hysteresisRatio >= 0 && hysteresisRatio < 1)) {
      throw new IllegalArgumentException("hysteresis ratio must be in [0, 1), got " + hysteresisRatio);
    }
    try {
      models.model(edgeClass); // a configuration error, found now rather than at the first plan
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("edge class '" + edgeClass + "' of the planner: " + e.getMessage(), e);
    }
    this.models = models;
    this.edgeClass = edgeClass;
    this.hysteresisRatio = hysteresisRatio;
  }

  /** The same planner over newer latency models (a new predictor version). */
  public DevicePlanner withModels(LatencyModels newModels) {
    return new DevicePlanner(newModels, edgeClass, hysteresisRatio);
  }

  public double hysteresisRatio() {
    return hysteresisRatio;
  }

  /** The best cut of a model for a device class under a network, by enumeration of every cut point. */
  public TargetCut place(DeployableModel model, String deviceClass, NetworkLink network) {
    return EndToEndLatency.bestCut(model.spec().plan(), target(deviceClass, network), model.quantization());
  }

  /** T(M, c) of every cut c = 0..B of a model for a device class under a network. */
  public List<TargetCut> allCuts(DeployableModel model, String deviceClass, NetworkLink network) {
    return EndToEndLatency.allCuts(model.spec().plan(), target(deviceClass, network), model.quantization());
  }

  /**
   * A plan from a series: the most accurate model whose predicted end-to-end latency meets {@code goalMs} on this
   * device and network, or the fastest model when none does.
   */
  public DevicePlan plan(String deviceId, String deviceClass, NetworkLink network, List<DeployableModel> series,
      double goalMs, long version, PlanReason reason, String reasonText, long nowEpochMs) {
    if (series == null || series.isEmpty()) {
      throw new IllegalArgumentException("no model to plan device '" + deviceId + "' with: the series is empty");
    }
    record Placed(DeployableModel model, TargetCut cut) {}
    List<Placed> placed = series.stream().map(m -> new Placed(m, place(m, deviceClass, network))).toList();
    Placed chosen = placed.stream().filter(p -> p.cut().latencyMs() <= goalMs)
        .max(Comparator.comparingDouble((Placed p) -> p.model().accuracy())
            .thenComparing(p -> -p.cut().latencyMs()))
        .orElseGet(() -> placed.stream().min(Comparator.comparingDouble(p -> p.cut().latencyMs())).orElseThrow());
    String choice = chosen.cut().latencyMs() <= goalMs
        ? String.format(Locale.ROOT, "most accurate model meeting %.1f ms", goalMs)
        : String.format(Locale.ROOT, "no model meets %.1f ms, fastest chosen", goalMs);
    return new DevicePlan(deviceId, deviceClass, version, chosen.model(), chosen.cut(), network, reason,
        reasonText + "; " + choice + ": " + describe(chosen.model(), chosen.cut()), nowEpochMs);
  }

  /**
   * Re-places the current model of a device under a new network (or under newer latency models): a new plan when
   * the best cut beats the current one by more than the hysteresis, otherwise none.
   */
  public Resegmentation resegment(DevicePlan current, NetworkLink network, PlanReason reason, String trigger,
      long nowEpochMs) {
    Target target = target(current.deviceClass(), network);
    DeployableModel model = current.model();
    List<TargetCut> cuts = EndToEndLatency.allCuts(model.spec().plan(), target, model.quantization());
    if (current.cut().cutPoint() >= cuts.size()) {
      throw new IllegalStateException("plan " + current.version() + " of device '" + current.deviceId()
          + "' cuts at block " + current.cut().cutPoint() + " but its model has " + (cuts.size() - 1) + " blocks");
    }
    TargetCut currentNow = cuts.get(current.cut().cutPoint());
    TargetCut best = EndToEndLatency.bestCut(model.spec().plan(), target, model.quantization());
    double improvement = currentNow.latencyMs() > 0
        ? (currentNow.latencyMs() - best.latencyMs()) / currentNow.latencyMs()
        : 0;
    String comparison = String.format(Locale.ROOT, "%s: cut %d now predicts %.1f ms, best cut %d predicts %.1f ms"
        + " (%.1f%% better, hysteresis %.1f%%)", trigger, currentNow.cutPoint(), currentNow.latencyMs(),
        best.cutPoint(), best.latencyMs(), 100 * improvement, 100 * hysteresisRatio);
    if (best.cutPoint() == currentNow.cutPoint() || improvement <= hysteresisRatio) {
      return new Resegmentation(current, currentNow, best, improvement, hysteresisRatio, null,
          comparison + "; plan " + current.version() + " kept");
    }
    String text = comparison + "; moved the cut from block " + currentNow.cutPoint() + " to " + best.cutPoint();
    DevicePlan next = new DevicePlan(current.deviceId(), current.deviceClass(), current.version() + 1, model, best,
        network, reason, text, nowEpochMs);
    return new Resegmentation(current, currentNow, best, improvement, hysteresisRatio, next, text);
  }

  private Target target(String deviceClass, NetworkLink network) {
    return models.target(new TargetSpec(deviceClass + "@" + network.name(), deviceClass,
        edgeModelFor(models, deviceClass, edgeClass), network, NO_GOAL));
  }

  /**
   * The name under which latency models hold the edge class at a batch size: the edge runs the tail on the batch
   * the device sends, so a device class of batch b &gt; 1 needs the edge's predictor asked for b images
   * ({@code <edge>@b<b>}); batch 1 is the edge class itself.
   */
  public static String batchedEdgeName(String edgeClass, int batchSize) {
    return batchSize == 1 ? edgeClass : edgeClass + "@b" + batchSize;
  }

  /**
   * The edge model a target of {@code deviceClass} uses: the edge at the device class's batch size when the models
   * hold it, else the edge class itself (a target then rejects a batch mismatch with its own message).
   */
  public static String edgeModelFor(LatencyModels models, String deviceClass, String edgeClass) {
    int batch = models.model(deviceClass).batchSize();
    if (batch == 1) {
      return edgeClass;
    }
    String batched = batchedEdgeName(edgeClass, batch);
    try {
      models.model(batched);
      return batched;
    } catch (IllegalArgumentException e) {
      return edgeClass;
    }
  }

  private static String describe(DeployableModel model, TargetCut cut) {
    return String.format(Locale.ROOT, "model %s (accuracy %.1f%%) cut at block %d, predicted %.1f ms"
        + " (device %.1f + transfer %.1f + edge %.1f)", model.modelId(), 100 * model.accuracy(), cut.cutPoint(),
        cut.latencyMs(), cut.headMs(), cut.transferMs(), cut.tailMs());
  }
}
