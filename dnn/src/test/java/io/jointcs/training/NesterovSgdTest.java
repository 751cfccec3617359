package io.jointcs.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import io.jointcs.model.Architecture;
import io.jointcs.model.ModelSpec;
import io.jointcs.model.Network;
import org.junit.jupiter.api.Test;

class NesterovSgdTest {

  @Test
  void stepsAllocateNothingThatOutlivesThem() {
    // a leak of one temporary per parameter per step grew a 30-epoch run to 24 GB before this test existed
    ModelSpec spec = ModelSpec.uniformlyScaled(Architecture.RESNET20, 4, 0.25);
    try (NDManager manager = NDManager.newBaseManager();
        Network network = Network.initialize(spec, manager, 1)) {
      for (Pair<String, Parameter> p : network.parameters()) {
        if (p.getValue().requiresGradient()) {
          p.getValue().getArray().setRequiresGradient(true);
        }
      }
      try (NesterovSgd optimizer = new NesterovSgd(network.parameters(), 0.9, 5e-4, manager)) {
        step(network, optimizer, manager);
        int afterFirst = arrays(manager);
        for (int i = 0; i < 5; i++) {
          step(network, optimizer, manager);
        }
        assertThat(arrays(manager)).isEqualTo(afterFirst);
      }
    }
  }

  @Test
  void updatesFollowNesterovMomentum() {
    try (NDManager manager = NDManager.newBaseManager();
        Network network = Network.initialize(ModelSpec.uniformlyScaled(Architecture.RESNET20, 4, 0.25), manager, 1)) {
      Parameter fcBias = network.parameters().stream().map(Pair::getValue)
          .filter(p -> p.getType() == Parameter.Type.BIAS).findFirst().orElseThrow();
      fcBias.getArray().setRequiresGradient(true);
      try (NesterovSgd optimizer = new NesterovSgd(network.parameters(), 0.9, 0.0, manager)) {
        float before = fcBias.getArray().toFloatArray()[0];
        float gradient;
        try (NDManager batch = manager.newSubManager()) {
          try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray loss = network.forward(batch.ones(network.inputShape(2)), true).get(":, 0").sum();
            collector.backward(loss);
          }
          gradient = fcBias.getArray().getGradient().toFloatArray()[0];
        }
        optimizer.step(0.1);
        // first step: buffer = g; update = g + 0.9 * buffer = 1.9 g
        assertThat(fcBias.getArray().toFloatArray()[0]).isCloseTo(before - 0.1f * 1.9f * gradient,
            org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(fcBias.getArray().getGradient().toFloatArray()[0]).isZero();
      }
    }
  }

  private static void step(Network network, NesterovSgd optimizer, NDManager manager) {
    try (NDManager batch = manager.newSubManager()) {
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray loss = network.forward(batch.randomNormal(network.inputShape(2)), true).sum();
        collector.backward(loss);
      }
      optimizer.step(0.01);
    }
  }

  /** Arrays alive in the manager tree (sub-managers' arrays included). */
  private static int arrays(NDManager manager) {
    return manager.getManagedArrays().size();
  }
}
