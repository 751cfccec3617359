package io.jointcs.pruning;

import io.jointcs.model.LayerWeights;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import io.jointcs.data.LabeledImages;
import io.jointcs.model.BlockDescriptor;
import io.jointcs.model.LayerDescriptor;
import io.jointcs.model.LayerType;
import io.jointcs.model.ModelSpec;
import io.jointcs.model.Network;
import io.jointcs.model.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Networks with non-trivial batch-norm statistics, random inputs and measurements for the tests. */
public final class TestNetworks {
  private TestNetworks() {}

  /**
   * A freshly initialized network whose batch-norm gamma, beta, running mean and variance and
   * classifier bias are random, so that copying the wrong channel shows up in the outputs.
   */
  public static Network randomized(ModelSpec spec, NDManager manager, long seed) {
    Network network = Network.initialize(spec, manager, seed);
    Random random = new Random(seed);
    for (LayerDescriptor layer : network.plan().layers()) {
      Map<String, Parameter> weights = LayerWeights.parameters(layer, network.layers().get(layer.name()));
      fill(weights.get(LayerWeights.BN_GAMMA), random, 0.5, 1.5);
      fill(weights.get(LayerWeights.BN_BETA), random, -0.2, 0.2);
      fill(weights.get(LayerWeights.BN_RUNNING_MEAN), random, -0.2, 0.2);
      fill(weights.get(LayerWeights.BN_RUNNING_VAR), random, 0.5, 2.0);
      fill(weights.get(LayerWeights.FC_BIAS), random, -0.1, 0.1);
    }
    return network;
  }

  private static void fill(Parameter parameter, Random random, double low, double high) {
    if (parameter == null) {
      return;
    }
    float[] values = new float[(int) parameter.getArray().size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (low + (high - low) * random.nextDouble());
    }
    parameter.getArray().set(values);
  }

  /** Standard-normal inputs (N, 3, 32, 32). */
  public static NDArray images(NDManager manager, int count, long seed) {
    Random random = new Random(seed);
    float[] values = new float[count * LabeledImages.IMAGE_BYTES];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextGaussian();
    }
    return manager.create(values, new Shape(count, 3, 32, 32));
  }

  /** Random-pixel images with the given labels. */
  public static LabeledImages labeledImages(int[] labels, int numClasses, long seed) {
    Random random = new Random(seed);
    byte[] pixels = new byte[labels.length * LabeledImages.IMAGE_BYTES];
    random.nextBytes(pixels);
    List<String> classes = new ArrayList<>();
    for (int c = 0; c < numClasses; c++) {
      classes.add("class" + c);
    }
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < labels.length; i++) {
      ids.add("synthetic#" + i);
    }
    return new LabeledImages(classes, ids, labels, pixels);
  }

  public static LabeledImages labeledImages(int count, int numClasses, long seed) {
    Random random = new Random(seed + 1);
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      labels[i] = random.nextInt(numClasses);
    }
    return labeledImages(labels, numClasses, seed);
  }

  public static double maxAbsDiff(NDArray a, NDArray b) {
    if (!a.getShape().equals(b.getShape())) {
      throw new AssertionError("shapes differ: " + a.getShape() + " vs " + b.getShape());
    }
    return a.sub(b).abs().max().getFloat();
  }

  /** Learnable parameters (batch-norm running statistics excluded) of a live network. */
  public static long learnableParameters(Network network) {
    long count = 0;
    for (var entry : network.parameters()) {
      if (entry.getValue().requiresGradient()) {
        count += entry.getValue().getArray().size();
      }
    }
    return count;
  }

  /**
   * MACs of one image measured from the live network: each layer is run on its real input and
   * its weight count times its output positions is summed.
   */
  public static long measuredMacs(Network network, NDManager manager) {
    ParameterStore store = new ParameterStore(manager, false);
    NDArray x = manager.zeros(network.inputShape(1));
    long macs = 0;
    for (BlockDescriptor block : network.plan().blocks()) {
      NDArray main = x;
      NDArray shortcut = x;
      for (LayerDescriptor layer : block.layers()) {
        if (layer.type() == LayerType.ADD) {
          continue;
        }
        Block djl = network.layers().get(layer.name());
        NDArray in = layer.path() == Path.SHORTCUT ? shortcut : main;
        NDArray out = djl.forward(store, new NDList(in), false).singletonOrThrow();
        Map<String, Parameter> weights = LayerWeights.parameters(layer, djl);
        if (weights.containsKey(LayerWeights.CONV_WEIGHT)) {
          long positions = out.getShape().get(2) * out.getShape().get(3);
          macs += weights.get(LayerWeights.CONV_WEIGHT).getArray().size() * positions;
        } else if (weights.containsKey(LayerWeights.FC_WEIGHT)) {
          macs += weights.get(LayerWeights.FC_WEIGHT).getArray().size();
        }
        if (layer.path() == Path.SHORTCUT) {
          shortcut = out;
        } else {
          main = out;
        }
      }
      x = network.forwardRange(x, block.index() - 1, block.index(), false);
    }
    return macs;
  }

  /** A spec whose every group has a random width in 1..base. */
  public static ModelSpec randomWidths(ModelSpec base, long seed) {
    Random random = new Random(seed);
    List<Integer> widths = new ArrayList<>();
    for (int width : base.widths()) {
      widths.add(1 + random.nextInt(width));
    }
    return new ModelSpec(base.architecture(), base.numClasses(), Collections.unmodifiableList(widths));
  }
}
