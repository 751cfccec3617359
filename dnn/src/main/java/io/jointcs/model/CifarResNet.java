package io.jointcs.model;

import java.util.ArrayList;
import java.util.List;

/**
 * ResNet-(6n+2) for CIFAR (He et al. 2016) with basic blocks and projection shortcuts (1x1 conv +
 * batch-norm) where the shape changes. Channel groups: one per stage for the channels tied by the
 * residual additions (the stem's output belongs to stage 1), and one per block for the inner channels.
 */
final class CifarResNet implements Architecture.Family {
  private static final int[] STAGE_WIDTHS = {16, 32, 64};
  private final int blocksPerStage;

  CifarResNet(int blocksPerStage) {
    this.blocksPerStage = blocksPerStage;
  }

  private int stageGroup(int stage) {
    return stage;
  }

  private int innerGroup(int stage, int block) {
    return STAGE_WIDTHS.length + stage * blocksPerStage + block;
  }

  @Override
  public List<ChannelGroup> channelGroups() {
    List<ChannelGroup> groups = new ArrayList<>();
    for (int s = 0; s < STAGE_WIDTHS.length; s++) {
      groups.add(new ChannelGroup(stageGroup(s), "stage" + (s + 1), STAGE_WIDTHS[s]));
    }
    for (int s = 0; s < STAGE_WIDTHS.length; s++) {
      for (int b = 0; b < blocksPerStage; b++) {
        groups.add(new ChannelGroup(innerGroup(s, b), "s" + (s + 1) + "b" + b + ".mid", STAGE_WIDTHS[s]));
      }
    }
    return groups;
  }

  @Override
  public void build(ModelSpec spec, PlanBuilder b) {
    b.beginBlock("stem", false);
    b.conv("conv", stageGroup(0), 3, 1, Activation.RELU);
    b.endBlock();
    for (int s = 0; s < STAGE_WIDTHS.length; s++) {
      for (int k = 0; k < blocksPerStage; k++) {
        boolean downsample = s > 0 && k == 0;
        b.beginBlock("stage" + (s + 1) + ".block" + k, true);
        b.conv("conv1", innerGroup(s, k), 3, downsample ? 2 : 1, Activation.RELU);
        b.conv("conv2", stageGroup(s), 3, 1, Activation.NONE);
        if (downsample) {
          b.shortcutConv("shortcut", stageGroup(s), 2);
        }
        b.join(Activation.RELU);
        b.endBlock();
      }
    }
    b.beginBlock("classifier", false);
    b.globalAvgPool("pool");
    b.linear("fc", spec.numClasses());
    b.endBlock();
  }
}
