package io.jointcs.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.util.Pair;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SGD with Nesterov momentum and decoupled-from-batch-norm weight decay, as in PyTorch's
 * {@code SGD(nesterov=True)}. Its momentum buffers are keyed by parameter name, so they can be
 * checkpointed and a resumed run continues exactly where it stopped.
 */
public final class NesterovSgd implements AutoCloseable {
  private final ParameterList parameters;
  private final double momentum;
  private final double weightDecay;
  private final NDManager manager;
  private final Map<String, NDArray> buffers = new LinkedHashMap<>();

  public NesterovSgd(ParameterList parameters, double momentum, double weightDecay, NDManager parent) {
    this.parameters = parameters;
    this.momentum = momentum;
    this.weightDecay = weightDecay;
    this.manager = parent.newSubManager();
    for (Pair<String, Parameter> entry : parameters) {
      if (entry.getValue().requiresGradient()) {
        NDArray weight = entry.getValue().getArray();
        buffers.put(entry.getKey(), manager.zeros(weight.getShape(), weight.getDataType()));
      }
    }
  }

  /** Applies one update with the gradients of the last backward pass, then clears them. */
  public void step(double learningRate) {
    float lr = (float) learningRate;
    float mu = (float) momentum;
    for (Pair<String, Parameter> entry : parameters) {
      Parameter parameter = entry.getValue();
      if (!parameter.requiresGradient()) {
        continue;
      }
      NDArray weight = parameter.getArray();
      // every temporary, including the handles DJL hands out for the gradient and the detached
      // weight, lives in a scratch manager: anything left in a long-lived manager leaks per step
      try (NDManager scratch = manager.newSubManager()) {
        NDArray gradient = weight.getGradient();
        gradient.attach(scratch);
        NDArray w = weight.stopGradient(); // shares storage: updating it updates the parameter
        w.attach(scratch);
        NDArray g = gradient.duplicate();
        if (weightDecay > 0 && decays(parameter)) {
          g.addi(w.mul((float) weightDecay));
        }
        NDArray buffer = buffers.get(entry.getKey());
        buffer.muli(mu).addi(g);
        NDArray lookahead = buffer.mul(mu);
        lookahead.attach(scratch);
        w.subi(g.addi(lookahead).muli(lr));
        gradient.subi(gradient);
      }
    }
  }

  /** Batch-norm parameters and biases are not decayed. */
  private static boolean decays(Parameter parameter) {
    return parameter.getType() == Parameter.Type.WEIGHT;
  }

  public void save(OutputStream out) throws IOException {
    NDList list = new NDList();
    buffers.forEach((name, buffer) -> {
      NDArray copy = buffer.duplicate();
      copy.setName(name);
      list.add(copy);
    });
    out.write(list.encode());
    list.close();
  }

  public void load(InputStream in) throws IOException {
    try (NDManager scratch = manager.newSubManager()) {
      NDList list = NDList.decode(scratch, in);
      if (list.size() != buffers.size()) {
        throw new IOException("optimizer state holds " + list.size() + " buffers, the model has " + buffers.size());
      }
      for (NDArray saved : list) {
        NDArray buffer = buffers.get(saved.getName());
        if (buffer == null || !buffer.getShape().equals(saved.getShape())) {
          throw new IOException("optimizer state buffer '" + saved.getName() + "' " + saved.getShape()
              + " does not match the model");
        }
        buffer.muli(0).addi(saved);
      }
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
