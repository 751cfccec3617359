package io.jointcs.latency.profiling;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** Budget allocation across strata: weighted shares, with what small strata cannot use passed on to the others. */
final class Stratified {
  private Stratified() {}

  /** Equal shares. */
  static <K> Map<K, Integer> allocate(Map<K, Integer> available, int budget) {
    return allocate(available, budget, k -> 1.0);
  }

  /**
   * Water-filling: every open stratum gets a share of the remaining budget in proportion to its weight, capped at
   * what it holds; strata that are used up drop out and the rest is shared again. Whatever rounding leaves goes one
   * item at a time to the open strata in iteration order (deterministic).
   *
   * @param available items each stratum holds, in a deterministic order
   * @param weight positive weight of a stratum
   * @return items to take from each stratum; sums to min(budget, total available)
   */
  static <K> Map<K, Integer> allocate(Map<K, Integer> available, int budget, ToDoubleFunction<K> weight) {
    Map<K, Integer> quota = new LinkedHashMap<>();
    available.keySet().forEach(k -> quota.put(k, 0));
    int remaining = budget;
    List<K> open = new ArrayList<>(available.keySet().stream().filter(k -> available.get(k) > 0).toList());
    while (remaining > 0 && !open.isEmpty()) {
      double total = open.stream().mapToDouble(weight).sum();
      int given = 0;
      for (K k : open) {
        int share = (int) Math.floor(remaining * weight.applyAsDouble(k) / total);
        int give = Math.min(share, available.get(k) - quota.get(k));
        quota.merge(k, give, Integer::sum);
        given += give;
      }
      if (given == 0) {
        for (int i = 0; i < open.size() && given < remaining; i++) {
          quota.merge(open.get(i), 1, Integer::sum);
          given++;
        }
      }
      remaining -= given;
      open.removeIf(k -> quota.get(k) >= available.get(k));
    }
    return quota;
  }
}
