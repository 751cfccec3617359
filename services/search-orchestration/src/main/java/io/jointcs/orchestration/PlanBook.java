package io.jointcs.orchestration;

import io.jointcs.events.PlanReason;
import io.jointcs.plans.DeployableModel;
import io.jointcs.plans.DevicePlan;
import io.jointcs.plans.DevicePlanner;
import io.jointcs.plans.Resegmentation;
import io.jointcs.search.LatencyModels;
import io.jointcs.search.NetworkLink;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * What the platform knows about devices and their plans, and the decisions on it: which plan a device gets when a
 * search completes or the device (or its network) first appears, and whether a network change or a new predictor
 * moves a device's cut (through {@link DevicePlanner#resegment}, behind the hysteresis). Decisions are returned, not
 * published: the caller publishes a plan and then records it with {@link #published}. Not thread-safe: the service
 * calls it from one thread.
 */
public final class PlanBook {
  private static final Logger LOG = Logger.getLogger(PlanBook.class);

  /** A registered device. */
  public record Device(String deviceId, String deviceClass, boolean emulated) {}

  /**
   * The series of a completed search, as deployable models.
   *
   * @param goalMs the search's latency goal, which the planner picks the most accurate model under
   */
  public record CompletedSeries(String searchId, List<String> deviceClasses, String edgeClass, double goalMs,
      List<DeployableModel> models) {}

  /** A plan with the search it serves (for its edge class and goal). */
  private record Current(DevicePlan plan, String edgeClass) {}

  private final double hysteresisRatio;
  private final Supplier<LatencyModels> models;
  private final Map<String, Device> devices = new HashMap<>();
  private final Map<String, NetworkLink> networks = new HashMap<>();
  private final Map<String, Current> plans = new HashMap<>();
  private final Map<String, Long> versions = new HashMap<>();
  private final Map<String, CompletedSeries> latestByClass = new HashMap<>();
  private final Map<String, CompletedSeries> bySearch = new HashMap<>();

  /** @param models the latency models of the moment (the latest predictor of every class) */
  public PlanBook(double hysteresisRatio, Supplier<LatencyModels> models) {
    if (!(hysteresisRatio >= 0 && hysteresisRatio < 1)) {
      throw new IllegalArgumentException("hysteresis ratio must be in [0, 1), got " + hysteresisRatio);
    }
    this.hysteresisRatio = hysteresisRatio;
    this.models = models;
  }

  public double hysteresisRatio() {
    return hysteresisRatio;
  }

  public void registered(Device device) {
    devices.put(device.deviceId(), device);
  }

  public Optional<Device> device(String deviceId) {
    return Optional.ofNullable(devices.get(deviceId));
  }

  public void network(String deviceId, NetworkLink link) {
    networks.put(deviceId, link);
  }

  public Optional<NetworkLink> network(String deviceId) {
    return Optional.ofNullable(networks.get(deviceId));
  }

  /** A completed search joins the series; the latest completed search of a class is what new devices get. */
  public void searchCompleted(CompletedSeries series) {
    bySearch.put(series.searchId(), series);
    for (String c : series.deviceClasses()) {
      latestByClass.put(c, series);
    }
  }

  /** A plan read back from jointcs.plans at start, or one just published. */
  public void published(DevicePlan plan) {
    CompletedSeries series = plan.model().searchId() == null ? null : bySearch.get(plan.model().searchId());
    Current before = plans.get(plan.deviceId());
    String edge = series != null ? series.edgeClass() : before != null ? before.edgeClass() : null;
    if (edge == null) {
      LOG.warnf("plan %d of device %s comes from search %s, which is unknown here: it cannot be re-segmented",
          plan.version(), plan.deviceId(), plan.model().searchId());
    }
    plans.put(plan.deviceId(), new Current(plan, edge));
    versions.merge(plan.deviceId(), plan.version(), Math::max);
  }

  /** A plan version seen on the topic whose model cannot be read (its version still counts). */
  public void versionSeen(String deviceId, long version) {
    versions.merge(deviceId, version, Math::max);
  }

  public Optional<DevicePlan> plan(String deviceId) {
    return Optional.ofNullable(plans.get(deviceId)).map(Current::plan);
  }

  public long version(String deviceId) {
    return versions.getOrDefault(deviceId, 0L);
  }

  /** Plans for every registered device of the search's classes whose network is known. */
  public List<DevicePlan> plansFor(CompletedSeries series, long nowEpochMs) {
    List<DevicePlan> out = new ArrayList<>();
    for (Device d : devices.values().stream().sorted(java.util.Comparator.comparing(Device::deviceId)).toList()) {
      if (!series.deviceClasses().contains(d.deviceClass())) {
        continue;
      }
      NetworkLink link = networks.get(d.deviceId());
      if (link == null) {
        LOG.infof("device %s (%s): no network state yet; it gets its plan when its network is known", d.deviceId(),
            d.deviceClass());
        continue;
      }
      out.add(plan(d, link, series, PlanReason.SEARCH_COMPLETED, "search " + series.searchId() + " completed",
          nowEpochMs));
    }
    return out;
  }

  /**
   * A first plan for a device that has none, from the latest completed search of its class, once its class and
   * network are known.
   */
  public Optional<DevicePlan> initialPlan(String deviceId, long nowEpochMs) {
    Device d = devices.get(deviceId);
    NetworkLink link = networks.get(deviceId);
    if (d == null || link == null || plans.containsKey(deviceId)) {
      return Optional.empty();
    }
    CompletedSeries series = latestByClass.get(d.deviceClass());
    if (series == null) {
      return Optional.empty();
    }
    return Optional.of(plan(d, link, series, PlanReason.INITIAL, "device " + deviceId + " joined with a "
        + describe(link), nowEpochMs));
  }

  /**
   * A device's network changed: its current model re-cut for the new network. Empty when it has no plan (then
   * {@link #initialPlan} applies).
   */
  public Optional<Resegmentation> networkChanged(String deviceId, NetworkLink link, String trigger, long nowEpochMs) {
    networks.put(deviceId, link);
    Current current = plans.get(deviceId);
    if (current == null || current.edgeClass() == null) {
      return Optional.empty();
    }
    Resegmentation r = planner(current.edgeClass()).resegment(withVersion(current.plan()), link,
        PlanReason.NETWORK_CHANGE, trigger, nowEpochMs);
    LOG.infof("device %s: %s", deviceId, r.explanation());
    return Optional.of(r);
  }

  /**
   * A new predictor version of a class: every device whose head runs on that class, or whose tail runs on it as the
   * edge, re-cut under its current network.
   */
  public List<Resegmentation> predictorUpdated(String deviceClass, long version, long nowEpochMs) {
    List<Resegmentation> out = new ArrayList<>();
    for (Current c : plans.values().stream().sorted(java.util.Comparator.comparing(c -> c.plan().deviceId()))
        .toList()) {
      if (c.edgeClass() == null
          || !(c.plan().deviceClass().equals(deviceClass) || c.edgeClass().equals(deviceClass))) {
        continue;
      }
      NetworkLink link = networks.getOrDefault(c.plan().deviceId(), c.plan().assumedNetwork());
      Resegmentation r = planner(c.edgeClass()).resegment(withVersion(c.plan()), link, PlanReason.PREDICTOR_UPDATE,
          "latency predictor of " + deviceClass + " is now version " + version, nowEpochMs);
      LOG.infof("device %s: %s", c.plan().deviceId(), r.explanation());
      out.add(r);
    }
    return out;
  }

  private DevicePlan plan(Device d, NetworkLink link, CompletedSeries series, PlanReason reason, String why,
      long nowEpochMs) {
    return planner(series.edgeClass()).plan(d.deviceId(), d.deviceClass(), link, series.models(), series.goalMs(),
        version(d.deviceId()) + 1, reason, why, nowEpochMs);
  }

  /** The current plan, numbered as the latest version seen (re-segmentation numbers its successor from it). */
  private DevicePlan withVersion(DevicePlan p) {
    long v = version(p.deviceId());
    return v == p.version() ? p : new DevicePlan(p.deviceId(), p.deviceClass(), v, p.model(), p.cut(),
        p.assumedNetwork(), p.reason(), p.reasonText(), p.createdAtEpochMs());
  }

  private DevicePlanner planner(String edgeClass) {
    return new DevicePlanner(models.get(), edgeClass, hysteresisRatio);
  }

  static String describe(NetworkLink link) {
    return String.format(Locale.ROOT, "%.2f MB/s, %.1f ms RTT uplink", link.uplinkBytesPerSec() / 1e6, link.rttMs());
  }
}
