package io.jointcs.search;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The latency model of every known device (and edge) class; resolves target specs into targets. */
public final class LatencyModels {
  private final Map<String, BlockLatencyModel> byClass;

  private LatencyModels(Map<String, BlockLatencyModel> byClass) {
    this.byClass = byClass;
  }

  /** A registry of the given models; a class mapped to null is a configuration error, not an unknown class. */
  public static LatencyModels of(Map<String, ? extends BlockLatencyModel> models) {
    Map<String, BlockLatencyModel> copy = new TreeMap<>();
    models.forEach((deviceClass, model) -> {
      if (deviceClass == null || deviceClass.isBlank()) {
        throw new IllegalArgumentException("a latency model was registered without a device class");
      }
      if (model == null) {
        throw new IllegalArgumentException("device class '" + deviceClass + "' is registered without a latency model");
      }
      copy.put(deviceClass, model);
    });
    return new LatencyModels(copy);
  }

  public BlockLatencyModel model(String deviceClass) {
    return lookup("device class", deviceClass);
  }

  public Target target(TargetSpec spec) {
    return new Target(spec, lookup("device class", spec.deviceClass()), lookup("edge class", spec.edgeClass()));
  }

  private BlockLatencyModel lookup(String role, String name) {
    BlockLatencyModel model = byClass.get(name);
    if (model == null) {
      throw new IllegalArgumentException("unknown " + role + " '" + name + "': latency models exist for "
          + (byClass.isEmpty() ? "no class at all" : String.join(", ", byClass.keySet())));
    }
    return model;
  }

  public List<Target> targets(List<TargetSpec> specs) {
    return specs.stream().map(this::target).toList();
  }
}
