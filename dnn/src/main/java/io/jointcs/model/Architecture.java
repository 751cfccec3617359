package io.jointcs.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The supported CIFAR architectures (32x32 RGB input). */
public enum Architecture {
  RESNET20("resnet20", new CifarResNet(3)),
  RESNET32("resnet32", new CifarResNet(5)),
  RESNET56("resnet56", new CifarResNet(9)),
  VGG16_BN("vgg16_bn", new CifarVgg16()),
  MOBILENET_V2("mobilenet_v2", new CifarMobileNetV2());

  public static final int INPUT_CHANNELS = 3;
  public static final int INPUT_SIZE = 32;

  private final String id;
  private final Family family;
  private final List<ChannelGroup> channelGroups;

  Architecture(String id, Family family) {
    this.id = id;
    this.family = family;
    this.channelGroups = List.copyOf(family.channelGroups());
  }

  /** The name used on the command line and in artifacts, e.g. {@code resnet20}. */
  @JsonValue
  public String id() {
    return id;
  }

  public List<ChannelGroup> channelGroups() {
    return channelGroups;
  }

  public ChannelGroup channelGroup(String name) {
    return channelGroups.stream().filter(g -> g.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException(id + " has no channel group '" + name + "'"));
  }

  NetworkPlan plan(ModelSpec spec) {
    PlanBuilder builder = new PlanBuilder(spec, INPUT_CHANNELS, INPUT_SIZE, INPUT_SIZE);
    family.build(spec, builder);
    return builder.build();
  }

  /** Parses an id such as {@code resnet20} (case-insensitive; '-' accepted for '_'). */
  @JsonCreator
  public static Architecture fromId(String text) {
    String wanted = text.trim().toLowerCase(Locale.ROOT).replace('-', '_');
    return Arrays.stream(values()).filter(a -> a.id.equals(wanted)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown architecture '" + text + "'; known: "
            + Arrays.stream(values()).map(Architecture::id).collect(Collectors.joining(", "))));
  }

  /** How one architecture family lays out its channel groups and layers. */
  interface Family {
    List<ChannelGroup> channelGroups();

    void build(ModelSpec spec, PlanBuilder builder);
  }
}
