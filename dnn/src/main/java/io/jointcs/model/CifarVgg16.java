package io.jointcs.model;

import java.util.ArrayList;
import java.util.List;

/**
 * VGG-16 with batch-norm for CIFAR: 13 3x3 convolutions, each its own channel group, max-pooling
 * after convolutions 2, 4, 7, 10 and 13, then global pooling and one linear classifier. Each
 * convolution (with the pooling that follows it) is one block.
 */
final class CifarVgg16 implements Architecture.Family {
  private static final int[] WIDTHS = {64, 64, 128, 128, 256, 256, 256, 512, 512, 512, 512, 512, 512};
  private static final boolean[] POOL_AFTER = {false, true, false, true, false, false, true, false, false,
      true, false, false, true};

  @Override
  public List<ChannelGroup> channelGroups() {
    List<ChannelGroup> groups = new ArrayList<>();
    for (int i = 0; i < WIDTHS.length; i++) {
      groups.add(new ChannelGroup(i, "conv" + (i + 1), WIDTHS[i]));
    }
    return groups;
  }

  @Override
  public void build(ModelSpec spec, PlanBuilder b) {
    for (int i = 0; i < WIDTHS.length; i++) {
      b.beginBlock("conv" + (i + 1), false);
      b.conv("conv", i, 3, 1, Activation.RELU);
      if (POOL_AFTER[i]) {
        b.maxPool("pool");
      }
      b.endBlock();
    }
    b.beginBlock("classifier", false);
    b.globalAvgPool("pool");
    b.linear("fc", spec.numClasses());
    b.endBlock();
  }
}
