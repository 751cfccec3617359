package io.jointcs.latency.prediction;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Train/validation split by model: all layers of a held-out model are held out together, since layers of one
 * model are near-duplicates of each other and a random row split would flatter the predictor. Samples without a
 * model name count as models of their own. Seeded, so reruns are identical.
 */
public record HoldOutSplit(List<LayerLatencySample> training, List<LayerLatencySample> validation,
    Set<String> validationModels) {

  public static HoldOutSplit byModel(List<LayerLatencySample> samples, double validationFraction, long seed) {
    if (!(validationFraction > 0 && validationFraction < 1)) {
      throw new IllegalArgumentException("validation fraction must be in (0, 1), got " + validationFraction);
    }
    List<String> models = new ArrayList<>(new LinkedHashSet<>(samples.stream().map(HoldOutSplit::modelOf).toList()));
    if (models.size() < 2) {
      throw new IllegalArgumentException("a hold-out split needs samples of at least 2 models, got " + models.size());
    }
    Collections.sort(models);
    Collections.shuffle(models, new Random(seed));
    int held = Math.max(1, Math.min(models.size() - 1, (int) Math.round(models.size() * validationFraction)));
    Set<String> heldOut = new HashSet<>(models.subList(0, held));
    List<LayerLatencySample> train = new ArrayList<>();
    List<LayerLatencySample> validation = new ArrayList<>();
    for (LayerLatencySample s : samples) {
      (heldOut.contains(modelOf(s)) ? validation : train).add(s);
    }
    return new HoldOutSplit(List.copyOf(train), List.copyOf(validation), Set.copyOf(heldOut));
  }

  private static String modelOf(LayerLatencySample s) {
    return s.modelName() != null ? s.modelName()
        : "#" + s.features().hashCode() + "/" + Double.hashCode(s.latencyMs());
  }
}
