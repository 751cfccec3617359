package io.jointcs.latency.telemetry;

import io.jointcs.events.ModelLatencySample;
import io.jointcs.events.ModelPart;
import io.jointcs.latency.prediction.LayerFeatures;
import io.jointcs.model.Architecture;
import io.jointcs.model.LayerDescriptor;
import io.jointcs.model.ModelSpec;
import io.jointcs.model.NetworkPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one mapping from the model-latency telemetry record ({@link ModelLatencySample}) to what the latency
 * predictors work with: the model spec text ({@code resnet20[16,16,32,64]}, as the device agent and the profiler
 * print it) parsed back into a {@link ModelSpec}, and the layers a HEAD, TAIL or WHOLE sample ran.
 */
public final class ModelTelemetry {
  /** Classes of the classifier: the spec text does not carry them, and every model of the platform is CIFAR-10's. */
  public static final int NUM_CLASSES = 10;

  private static final Pattern SPEC = Pattern.compile("\\s*([A-Za-z0-9_\\-]+)\\s*\\[([0-9,\\s]*)]\\s*");

  private ModelTelemetry() {}

  /** The spec text of a model: architecture id and channel-group widths, e.g. {@code resnet20[16,16,32,64]}. */
  public static String specText(ModelSpec spec) {
    return spec.architecture().id() + spec.widths().toString().replace(" ", "");
  }

  /**
   * Parses {@code resnet20[16,16,32,64]}.
   *
   * @throws IllegalArgumentException naming what is wrong: the syntax, the architecture, or the widths
   */
  public static ModelSpec parseSpec(String text) {
    Matcher m = text == null ? null : SPEC.matcher(text);
    if (m == null || !m.matches()) {
      throw new IllegalArgumentException("model spec '" + text + "' is not of the form architecture[w1,w2,...], "
          + "e.g. resnet20[16,16,32,64]");
    }
    Architecture architecture = Architecture.fromId(m.group(1));
    List<Integer> widths = new ArrayList<>();
    for (String w : m.group(2).split(",")) {
      if (w.isBlank()) {
        throw new IllegalArgumentException("model spec '" + text + "' has an empty width");
      }
      widths.add(Integer.parseInt(w.trim()));
    }
    try {
      return new ModelSpec(architecture, NUM_CLASSES, widths);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("model spec '" + text + "': " + e.getMessage(), e);
    }
  }

  /**
   * The layers the timed part ran, with the sample's batch size: blocks 1..c for HEAD, c+1..B for TAIL, 1..B for
   * WHOLE. A SPLIT sample ran parts on two devices and has no single layer list: an error, as is a block count that
   * is not the spec's.
   */
  public static List<LayerFeatures> layers(ModelLatencySample sample) {
    NetworkPlan plan = parseSpec(sample.getModelSpec()).plan();
    if (plan.blockCount() != sample.getBlockCount()) {
      throw new IllegalArgumentException("model spec '" + sample.getModelSpec() + "' has " + plan.blockCount()
          + " blocks, the sample says " + sample.getBlockCount());
    }
    int c = sample.getCutPoint();
    ModelPart part = sample.getPart();
    int from;
    int to;
    switch (part) {
      case WHOLE -> {
        from = 1;
        to = plan.blockCount();
      }
      case HEAD -> {
        from = 1;
        to = c;
      }
      case TAIL -> {
        from = c + 1;
        to = plan.blockCount();
      }
      default -> throw new IllegalArgumentException("a " + part + " sample has no single list of layers (only "
          + "HEAD, TAIL and WHOLE do)");
    }
    if (from < 1 || to > plan.blockCount() || from > to) {
      throw new IllegalArgumentException("cut point " + c + " of a " + part + " sample of " + plan.blockCount()
          + " blocks runs no block");
    }
    List<LayerFeatures> layers = new ArrayList<>();
    for (int b = from; b <= to; b++) {
      for (LayerDescriptor layer : plan.block(b).layers()) {
        layers.add(LayerFeatures.of(layer, sample.getBatchSize()));
      }
    }
    return layers;
  }
}
