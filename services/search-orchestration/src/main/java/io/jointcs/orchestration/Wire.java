package io.jointcs.orchestration;

import io.jointcs.events.ArtifactRef;
import io.jointcs.events.ChannelGroupWidth;
import io.jointcs.events.LatencyBreakdown;
import io.jointcs.events.NetworkCondition;
import io.jointcs.events.Placement;
import io.jointcs.model.ChannelGroup;
import io.jointcs.model.ModelSpec;
import io.jointcs.search.NetworkLink;
import io.jointcs.search.TargetCut;
import io.jointcs.search.TargetSpec;
import io.jointcs.segmentation.CutQuantization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Mapping between the search library's records and the event records on the wire. */
public final class Wire {
  /** Local id of the base state in {@link io.jointcs.search.ProgressiveSearch}. */
  public static final String ROOT_ID = "s0";
  public static final String FINAL_SUFFIX = "/final";

  private Wire() {}

  /** Candidate id on the wire: {@code <searchId>/<local candidate id>}, unique across searches. */
  public static String candidateId(String searchId, String localId) {
    return searchId + "/" + localId;
  }

  /** Id of the longer final fine-tune of a state. */
  public static String finalId(String searchId, String localId) {
    return candidateId(searchId, localId) + FINAL_SUFFIX;
  }

  /** The local id of a wire id of this search (inverse of {@link #candidateId}). */
  public static String localId(String searchId, String wireId) {
    String prefix = searchId + "/";
    if (wireId == null || !wireId.startsWith(prefix)) {
      throw new IllegalArgumentException("candidate id '" + wireId + "' does not belong to search '" + searchId + "'");
    }
    return wireId.substring(prefix.length());
  }

  public static List<ChannelGroupWidth> widths(ModelSpec spec) {
    List<ChannelGroupWidth> out = new ArrayList<>();
    for (ChannelGroup group : spec.architecture().channelGroups()) {
      out.add(ChannelGroupWidth.newBuilder().setGroup(group.name()).setWidthChannels(spec.width(group.index()))
          .build());
    }
    return out;
  }

  /** The spec of {@code base}'s architecture with the given widths; every group must be named exactly once. */
  public static ModelSpec spec(ModelSpec base, List<ChannelGroupWidth> widths) {
    Map<String, Integer> byName = new TreeMap<>();
    for (ChannelGroupWidth w : widths) {
      if (byName.put(w.getGroup(), w.getWidthChannels()) != null) {
        throw new IllegalArgumentException("channel group '" + w.getGroup() + "' is given twice");
      }
    }
    List<Integer> ordered = new ArrayList<>();
    for (ChannelGroup group : base.architecture().channelGroups()) {
      Integer w = byName.remove(group.name());
      if (w == null) {
        throw new IllegalArgumentException("no width for channel group '" + group.name() + "' of "
            + base.architecture().id());
      }
      ordered.add(w);
    }
    if (!byName.isEmpty()) {
      throw new IllegalArgumentException(base.architecture().id() + " has no channel groups " + byName.keySet());
    }
    return new ModelSpec(base.architecture(), base.numClasses(), ordered);
  }

  public static NetworkCondition condition(NetworkLink link) {
    return NetworkCondition.newBuilder().setName(link.name()).setUplinkBandwidthBytesPerSec(link.uplinkBytesPerSec())
        .setRttMs(link.rttMs()).build();
  }

  public static NetworkLink link(NetworkCondition condition) {
    return new NetworkLink(condition.getName(), condition.getUplinkBandwidthBytesPerSec(), condition.getRttMs());
  }

  /** The placements of a state, one per target, in target order. */
  public static List<Placement> placements(List<TargetSpec> targets, List<TargetCut> cuts, int blockCount,
      CutQuantization quantization) {
    if (targets.size() != cuts.size()) {
      throw new IllegalStateException(cuts.size() + " cuts for " + targets.size() + " targets");
    }
    List<Placement> out = new ArrayList<>();
    for (int t = 0; t < targets.size(); t++) {
      TargetSpec spec = targets.get(t);
      TargetCut cut = cuts.get(t);
      out.add(Placement.newBuilder()
          .setDeviceClass(spec.deviceClass())
          .setNetwork(condition(spec.network()))
          .setCutPoint(cut.cutPoint())
          .setBlockCount(blockCount)
          .setCutQuantization(io.jointcs.events.CutQuantization.valueOf(quantization.name()))
          .setPredictedLatency(LatencyBreakdown.newBuilder().setDeviceMs(cut.headMs()).setTransferMs(cut.transferMs())
              .setEdgeMs(cut.tailMs()).setTotalMs(cut.latencyMs()).build())
          .build());
    }
    return out;
  }

  public static ArtifactRef artifact(String ref, String sha256, long sizeBytes) {
    return ArtifactRef.newBuilder().setRef(ref).setSha256(sha256).setSizeBytes(sizeBytes).build();
  }
}
