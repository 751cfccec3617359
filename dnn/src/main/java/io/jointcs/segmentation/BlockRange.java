package io.jointcs.segmentation;

import io.jointcs.model.LayerWeights;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.jointcs.model.BlockDescriptor;
import io.jointcs.model.LayerDescriptor;
import io.jointcs.model.Network;
import io.jointcs.model.NetworkPlan;
import io.jointcs.model.blocks.PlanBlock;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Blocks fromCut+1..toCut of a plan, runnable on their own: either a view sharing a live
 * {@link Network}'s blocks, or loaded alone from the blocks' weights (no other block is built).
 *
 * <p>Weights format: the DJL parameter encoding of each block in order, the same bytes the
 * block contributes to a whole-network parameter file.
 */
public final class BlockRange implements AutoCloseable {
  private final NetworkPlan plan;
  private final int fromCut;
  private final int toCut;
  private final List<PlanBlock> blocks;
  /** owned manager of a loaded range; null for a view, whose network owns the arrays */
  private final NDManager ownedManager;

  private BlockRange(NetworkPlan plan, int fromCut, int toCut, List<PlanBlock> blocks, NDManager ownedManager) {
    this.plan = plan;
    this.fromCut = fromCut;
    this.toCut = toCut;
    this.blocks = List.copyOf(blocks);
    this.ownedManager = ownedManager;
  }

  /** A view of blocks fromCut+1..toCut of a live network; closing the view leaves the network open. */
  public static BlockRange view(Network network, int fromCut, int toCut) {
    checkRange(network.plan(), fromCut, toCut);
    return new BlockRange(network.plan(), fromCut, toCut, network.blocks().subList(fromCut, toCut), null);
  }

  /** Builds only blocks fromCut+1..toCut and reads their weights (as {@link #saveParameters} wrote them). */
  public static BlockRange load(NetworkPlan plan, int fromCut, int toCut, NDManager parent, DataInputStream weights)
      throws IOException {
    checkRange(plan, fromCut, toCut);
    NDManager manager = parent.newSubManager();
    try {
      List<PlanBlock> blocks = plan.blocks().subList(fromCut, toCut).stream().map(PlanBlock::new).toList();
      Shape shape = cutShape(plan, fromCut, 1);
      for (PlanBlock block : blocks) {
        block.initialize(manager, DataType.FLOAT32, shape);
        try {
          block.loadParameters(manager, weights);
        } catch (MalformedModelException | RuntimeException e) {
          throw new IOException("weights of block " + block.descriptor().index() + " (" + block.descriptor().name()
              + ") do not match the spec: " + e.getMessage(), e);
        }
        shape = block.getOutputShapes(new Shape[] {shape})[0];
      }
      BlockRange range = new BlockRange(plan, fromCut, toCut, blocks, manager);
      try {
        LayerWeights.verify(range.layerDescriptors(), range.layers());
      } catch (IllegalArgumentException e) {
        throw new IOException("weights do not match the spec " + plan.spec().architecture().id() + " "
            + plan.spec().widths() + ": " + e.getMessage(), e);
      }
      return range;
    } catch (IOException | RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  /** The shape of the tensor at cut point c for a batch: the image at 0, class scores at B. */
  public static Shape cutShape(NetworkPlan plan, int cutPoint, long batchSize) {
    plan.checkCutPoint(cutPoint);
    if (cutPoint == 0) {
      return new Shape(batchSize, plan.inputChannels(), plan.inputHeight(), plan.inputWidth());
    }
    BlockDescriptor block = plan.block(cutPoint);
    if (block.outputGroup() < 0) {
      return new Shape(batchSize, block.outChannels());
    }
    return new Shape(batchSize, block.outChannels(), block.outHeight(), block.outWidth());
  }

  private static void checkRange(NetworkPlan plan, int fromCut, int toCut) {
    plan.checkCutPoint(fromCut);
    plan.checkCutPoint(toCut);
    if (fromCut > toCut) {
      throw new IllegalArgumentException("block range " + fromCut + ".." + toCut + " is reversed");
    }
  }

  /** Runs the blocks: the tensor at fromCut in, the tensor at toCut out (inference mode). */
  public NDArray forward(NDArray input) {
    Shape expected = cutShape(plan, fromCut, input.getShape().get(0));
    if (!input.getShape().equals(expected)) {
      throw new IllegalArgumentException("blocks " + (fromCut + 1) + ".." + toCut + " of "
          + plan.spec().architecture().id() + " take a tensor of shape " + expected + ", got " + input.getShape());
    }
    ParameterStore store = new ParameterStore(input.getManager(), false);
    NDList x = new NDList(input);
    for (PlanBlock block : blocks) {
      x = block.forward(store, x, false);
    }
    return x.singletonOrThrow();
  }

  public void saveParameters(DataOutputStream out) throws IOException {
    for (PlanBlock block : blocks) {
      block.saveParameters(out);
    }
  }

  public NetworkPlan plan() {
    return plan;
  }

  public int fromCut() {
    return fromCut;
  }

  public int toCut() {
    return toCut;
  }

  public List<LayerDescriptor> layerDescriptors() {
    return blocks.stream().flatMap(b -> b.descriptor().layers().stream()).toList();
  }

  /** The DJL block of every layer of the range, by descriptor name. */
  public Map<String, Block> layers() {
    Map<String, Block> out = new LinkedHashMap<>();
    blocks.forEach(b -> out.putAll(b.layers()));
    return out;
  }

  /** True when this range owns its weights (loaded), false for a view of a network. */
  public boolean ownsWeights() {
    return ownedManager != null;
  }

  @Override
  public void close() {
    if (ownedManager != null) {
      ownedManager.close();
    }
  }
}
