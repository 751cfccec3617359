package io.jointcs.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.MalformedModelException;
import io.jointcs.model.blocks.ConvBnAct;
import io.jointcs.model.blocks.PlanBlock;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A live DJL network built from a {@link ModelSpec}: the blocks of its plan, their parameters in
 * one NDManager, and forward passes over the whole network or any range of blocks.
 */
public final class Network implements AutoCloseable {
  private final NetworkPlan plan;
  private final NDManager manager;
  private final List<PlanBlock> blocks;
  private final SequentialBlock sequential = new SequentialBlock();
  private final Map<String, Block> layers = new LinkedHashMap<>();

  private Network(NetworkPlan plan, NDManager manager) {
    this.plan = plan;
    this.manager = manager;
    this.blocks = plan.blocks().stream().map(PlanBlock::new).toList();
    blocks.forEach(sequential::add);
    blocks.forEach(b -> layers.putAll(b.layers()));
  }

  /**
   * A network with fresh weights: Kaiming-normal (fan-out) convolutions, batch-norm gamma 1 and
   * beta 0. The engine's random seed is set first, so the same seed gives the same weights.
   */
  public static Network initialize(ModelSpec spec, NDManager parent, long seed) {
    Engine.getInstance().setRandomSeed((int) seed);
    Network network = new Network(spec.plan(), parent.newSubManager());
    for (Block layer : network.layers.values()) {
      if (layer instanceof ConvBnAct convBnAct) {
        convBnAct.conv().setInitializer(
            new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.OUT, 2),
            Parameter.Type.WEIGHT);
      }
    }
    network.sequential.initialize(network.manager, DataType.FLOAT32, network.inputShape(1));
    return network;
  }

  /** A network whose weights are read from DJL's parameter format (as written by {@link #saveParameters}). */
  public static Network load(ModelSpec spec, NDManager parent, DataInputStream parameters) throws IOException {
    Network network = new Network(spec.plan(), parent.newSubManager());
    network.sequential.initialize(network.manager, DataType.FLOAT32, network.inputShape(1));
    try {
      network.loadParameters(parameters);
    } catch (IOException | RuntimeException e) {
      network.close();
      throw e;
    }
    return network;
  }

  /** Replaces the weights in place; parameter arrays are new objects afterwards. */
  public void loadParameters(DataInputStream parameters) throws IOException {
    try {
      sequential.loadParameters(manager, parameters);
      // DJL swaps arrays without comparing shapes: a checkpoint of another width would load silently
      LayerWeights.verify(plan.layers(), layers);
    } catch (MalformedModelException | RuntimeException e) {
      throw new IOException("weights do not match the spec " + spec().architecture().id() + " "
          + spec().widths() + ": " + e.getMessage(), e);
    }
  }

  public void saveParameters(DataOutputStream out) throws IOException {
    sequential.saveParameters(out);
  }

  public Shape inputShape(int batchSize) {
    return new Shape(batchSize, plan.inputChannels(), plan.inputHeight(), plan.inputWidth());
  }

  public NetworkPlan plan() {
    return plan;
  }

  public ModelSpec spec() {
    return plan.spec();
  }

  public NDManager manager() {
    return manager;
  }

  /** The DJL block of every layer, by descriptor name. */
  public Map<String, Block> layers() {
    return Collections.unmodifiableMap(layers);
  }

  public List<PlanBlock> blocks() {
    return blocks;
  }

  public ParameterList parameters() {
    return sequential.getParameters();
  }

  /** Class scores for a batch of normalized images (N, 3, 32, 32). */
  public NDArray forward(NDArray input, boolean training) {
    return forwardRange(input, 0, plan.blockCount(), training);
  }

  /** Runs blocks fromCut+1..toCut: the tensor at cut point fromCut in, the one at toCut out. */
  public NDArray forwardRange(NDArray input, int fromCut, int toCut, boolean training) {
    plan.checkCutPoint(fromCut);
    plan.checkCutPoint(toCut);
    if (fromCut > toCut) {
      throw new IllegalArgumentException("block range " + fromCut + ".." + toCut + " is reversed");
    }
    ParameterStore store = new ParameterStore(input.getManager(), false);
    NDList x = new NDList(input);
    for (int b = fromCut; b < toCut; b++) {
      x = blocks.get(b).forward(store, x, training);
    }
    return x.singletonOrThrow();
  }

  @Override
  public void close() {
    manager.close();
  }
}
