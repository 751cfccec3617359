package io.jointcs.search;

import io.jointcs.model.Architecture;
import io.jointcs.model.ModelSpec;
import java.util.List;
import java.util.Map;

/** Analytic latency models and targets shared by the tests. */
final class Fixtures {
  static final ModelSpec RESNET20 = ModelSpec.base(Architecture.RESNET20, 10);
  static final int RESNET20_GROUPS = Architecture.RESNET20.channelGroups().size();

  /** A slow IoT device, a faster one and an edge server, MAC-proportional. */
  static final LatencyModels MODELS = LatencyModels.of(Map.of(
      "pi", MacsLatencyModel.ofThroughput(200),
      "jetson", MacsLatencyModel.ofThroughput(1000),
      "edge", MacsLatencyModel.ofThroughput(2000)));

  private Fixtures() {}

  /**
   * A slow device, an edge 10x faster and a 2 Mbit/s link: the unpruned model is best uploaded whole (c = 0), but
   * a narrowed stage-1 group makes the stem output smaller than the image, so a middle cut becomes attractive.
   */
  static TargetSpec piOverSlowLink(LatencyGoal goal) {
    return TargetSpec.of("pi", "edge", NetworkLink.ofMbps("2mbps", 2, 5), goal);
  }

  static TargetSpec jetsonOverWifi(LatencyGoal goal) {
    return TargetSpec.of("jetson", "edge", NetworkLink.ofMbps("wifi", 20, 3), goal);
  }

  static SearchProblem problem(TargetSpec... targets) {
    return SearchProblem.of(RESNET20, MODELS.targets(List.of(targets)));
  }

  static SearchProblem problem(WidthSpace space, TargetSpec... targets) {
    return new SearchProblem(RESNET20, MODELS.targets(List.of(targets)), space);
  }

  static SyntheticAccuracy accuracy() {
    return SyntheticAccuracy.forGroups(RESNET20_GROUPS);
  }
}
