package io.jointcs.pruning;

import io.jointcs.model.LayerWeights;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import io.jointcs.model.ChannelGroup;
import io.jointcs.model.LayerDescriptor;
import io.jointcs.model.LayerType;
import io.jointcs.model.ModelSpec;
import io.jointcs.model.Network;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Structured pruning by physical removal: the result is a smaller {@link Network} built from the
 * target spec, with the kept channels' weights copied over (no masks), so it runs at the cost its
 * descriptors predict.
 */
public final class Pruner {
  /** Seeds the throw-away initialization of the target network; every weight is overwritten. */
  private static final long INIT_SEED = 0;

  private Pruner() {}

  /**
   * For every group, the {@code target} width most important channels by {@code ranking}, ties
   * going to the lower index; groups that keep their width keep all channels without ranking.
   */
  public static ChannelSelection select(Network source, ModelSpec target, ChannelRanking ranking) {
    ChannelSelection.checkPrunable(source.spec(), target);
    List<List<Integer>> kept = new ArrayList<>();
    for (ChannelGroup group : source.spec().architecture().channelGroups()) {
      int from = source.spec().width(group.index());
      int to = target.width(group.index());
      if (to == from) {
        kept.add(IntStream.range(0, from).boxed().toList());
        continue;
      }
      double[] importance = ranking.importance(source, group.index());
      if (importance.length != from) {
        throw new IllegalStateException("ranking " + ranking.name() + " scored " + importance.length
            + " channels of group '" + group.name() + "', which has " + from);
      }
      kept.add(IntStream.range(0, from).boxed()
          .sorted(Comparator.<Integer>comparingDouble(k -> -importance[k]).thenComparingInt(k -> k))
          .limit(to).sorted().toList());
    }
    return new ChannelSelection(source.spec(), target, kept);
  }

  /** Prunes into a network that lives next to the source (in the source's parent NDManager). */
  public static PruningResult prune(Network source, ModelSpec target, ChannelRanking ranking) {
    return prune(source, target, ranking, source.manager().getParentManager());
  }

  /** Prunes into a network whose arrays live in a sub-manager of {@code parent}. */
  public static PruningResult prune(Network source, ModelSpec target, ChannelRanking ranking, NDManager parent) {
    ChannelSelection selection = select(source, target, ranking);
    return new PruningResult(apply(source, selection, parent), selection);
  }

  /** Builds the target network of {@code selection} with the kept weights of {@code source}. */
  public static Network apply(Network source, ChannelSelection selection, NDManager parent) {
    if (!selection.source().equals(source.spec())) {
      throw new IllegalArgumentException("selection was made for " + selection.source() + ", not " + source.spec());
    }
    Network target = Network.initialize(selection.target(), parent, INIT_SEED);
    try {
      Map<String, LayerDescriptor> sourceLayers = source.plan().layers().stream()
          .collect(Collectors.toMap(LayerDescriptor::name, Function.identity()));
      for (LayerDescriptor layer : target.plan().layers()) {
        LayerDescriptor from = sourceLayers.get(layer.name());
        Map<String, Parameter> in = LayerWeights.parameters(from, source.layers().get(from.name()));
        Map<String, Parameter> out = LayerWeights.parameters(layer, target.layers().get(layer.name()));
        for (Map.Entry<String, Parameter> entry : in.entrySet()) {
          copySelected(from, entry.getKey(), entry.getValue().getArray(), out.get(entry.getKey()).getArray(),
              selection);
        }
      }
      LayerWeights.verify(target.plan().layers(), target.layers());
      return target;
    } catch (RuntimeException e) {
      target.close();
      throw e;
    }
  }

  private static void copySelected(LayerDescriptor layer, String name, NDArray source, NDArray target,
      ChannelSelection selection) {
    // a copy: DJL hands out the Shape's own array, and slicing updates it in place
    long[] shape = source.getShape().getShape().clone();
    float[] values = source.toFloatArray();
    int outGroup = layer.outputGroup();
    int inGroup = layer.inputGroup();
    if (outGroup >= 0) {
      values = ArraySlicing.select(values, shape, 0, selection.keptIndices(outGroup));
    }
    boolean hasInputAxis = name.equals(LayerWeights.CONV_WEIGHT) || name.equals(LayerWeights.FC_WEIGHT);
    // a depthwise filter sees only its own channel: its axis 1 has size 1 and is not selected
    if (hasInputAxis && inGroup >= 0 && layer.type() != LayerType.DEPTHWISE_CONV) {
      int[] channels = selection.keptIndices(inGroup);
      int[] indices = layer.type() == LayerType.LINEAR
          ? ArraySlicing.featuresOfChannels(channels, layer.inHeight() * layer.inWidth())
          : channels;
      values = ArraySlicing.select(values, shape, 1, indices);
    }
    if (!target.getShape().equals(new Shape(shape))) {
      throw new IllegalStateException("layer " + layer.name() + " " + name + ": selected shape "
          + Arrays.toString(shape) + " does not fit the target's " + target.getShape());
    }
    target.set(values);
  }
}
