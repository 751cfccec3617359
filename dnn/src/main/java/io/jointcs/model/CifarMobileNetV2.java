package io.jointcs.model;

import java.util.ArrayList;
import java.util.List;

/**
 * MobileNetV2 for CIFAR (stride 1 in the stem and the 24-channel stage, as is usual for 32x32
 * input). Channel groups: the stem output; each stage's output (tied by its residual additions);
 * each inverted-residual block's expansion (its depthwise convolution follows it); the final 1x1
 * convolution. A block with expansion 1 has no expansion convolution: its depthwise convolution
 * follows the stem's group.
 */
final class CifarMobileNetV2 implements Architecture.Family {
  /** expansion t, output channels c, blocks n, first stride s */
  private static final int[][] STAGES = {
      {1, 16, 1, 1}, {6, 24, 2, 1}, {6, 32, 3, 2}, {6, 64, 4, 2}, {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1}};
  private static final int STEM_WIDTH = 32;
  private static final int LAST_WIDTH = 1280;

  private record Layout(List<ChannelGroup> groups, int[][] expansionGroup, int[] stageGroup, int lastGroup) {}

  private final Layout layout = layout();

  private static Layout layout() {
    List<ChannelGroup> groups = new ArrayList<>();
    groups.add(new ChannelGroup(0, "stem", STEM_WIDTH));
    int[] stageGroup = new int[STAGES.length];
    for (int s = 0; s < STAGES.length; s++) {
      stageGroup[s] = groups.size();
      groups.add(new ChannelGroup(groups.size(), "stage" + (s + 1), STAGES[s][1]));
    }
    int[][] expansionGroup = new int[STAGES.length][];
    int inWidth = STEM_WIDTH;
    for (int s = 0; s < STAGES.length; s++) {
      expansionGroup[s] = new int[STAGES[s][2]];
      for (int k = 0; k < STAGES[s][2]; k++) {
        if (STAGES[s][0] == 1) {
          expansionGroup[s][k] = -1;
        } else {
          expansionGroup[s][k] = groups.size();
          groups.add(new ChannelGroup(groups.size(), "s" + (s + 1) + "b" + k + ".expand", inWidth * STAGES[s][0]));
        }
        inWidth = STAGES[s][1];
      }
    }
    int lastGroup = groups.size();
    groups.add(new ChannelGroup(lastGroup, "last", LAST_WIDTH));
    return new Layout(groups, expansionGroup, stageGroup, lastGroup);
  }

  @Override
  public List<ChannelGroup> channelGroups() {
    return layout.groups;
  }

  @Override
  public void build(ModelSpec spec, PlanBuilder b) {
    b.beginBlock("stem", false);
    b.conv("conv", 0, 3, 1, Activation.RELU6);
    b.endBlock();
    int inGroup = 0;
    for (int s = 0; s < STAGES.length; s++) {
      for (int k = 0; k < STAGES[s][2]; k++) {
        int stride = k == 0 ? STAGES[s][3] : 1;
        int outGroup = layout.stageGroup[s];
        boolean residual = stride == 1 && inGroup == outGroup;
        b.beginBlock("stage" + (s + 1) + ".block" + k, residual);
        if (layout.expansionGroup[s][k] >= 0) {
          b.conv("expand", layout.expansionGroup[s][k], 1, 1, Activation.RELU6);
        }
        b.depthwise("depthwise", 3, stride, Activation.RELU6);
        b.conv("project", outGroup, 1, 1, Activation.NONE);
        if (residual) {
          b.join(Activation.NONE);
        }
        b.endBlock();
        inGroup = outGroup;
      }
    }
    b.beginBlock("head", false);
    b.conv("conv", layout.lastGroup, 1, 1, Activation.RELU6);
    b.endBlock();
    b.beginBlock("classifier", false);
    b.globalAvgPool("pool");
    b.linear("fc", spec.numClasses());
    b.endBlock();
  }
}
