package io.jointcs.orchestration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** {@code jointcs.*} in application.properties; every entry can be overridden by environment. */
@ConfigMapping(prefix = "jointcs")
public interface OrchestratorConfig {

  Artifacts artifacts();

  Search search();

  Plans plans();

  Predictors predictors();

  Orchestrator orchestrator();

  interface Artifacts {
    /**
     * Root of the content-addressed filesystem store ({@code <root>/<sha256>.jcsm}); by default the same directory
     * as the compression executor's, so base models, evaluated candidates and heads live in one store. Several
     * nodes share it as a volume.
     */
    Path root();
  }

  interface Search {
    /** Longest wait for one batch of candidate evaluations before the search fails. */
    @WithDefault("30m")
    Duration evaluationTimeout();

    /**
     * Models at the end of the series that get the longer final fine-tune (0: none). Part of what a resumed search
     * must reproduce: change it only when no search is running.
     */
    @WithDefault("1")
    int finalizeLast();

    /** The final fine-tune gets this many times the per-candidate optimizer steps. */
    @WithDefault("4")
    int finalBudgetFactor();

    /** Searches run at the same time; more wait. Unit: count. */
    @WithDefault("2")
    int maxConcurrent();
  }

  interface Plans {
    /** Relative predicted gain a re-segmentation must exceed to issue a new plan. Unit: ratio 0..1. */
    @WithDefault("0.05")
    double hysteresisRatio();
  }

  interface Predictors {
    /** Where every predictor version seen is archived, so a resumed search finds its pinned versions. */
    Path archiveDir();

    /**
     * Images per request of device classes that are not presets ({@code jointcs.predictors.batch-sizes.<class>=8});
     * presets (cpu-1t, cpu-2t, cpu-1t-b8) have their own, other classes 1. Plans and searches predict a class's head,
     * its cut tensors and the edge's tail at this batch. Unit: images.
     */
    Map<String, Integer> batchSizes();
  }

  interface Orchestrator {
    /** Consumer group of jointcs.search.requests and jointcs.network.changes (the work this service takes on). */
    @WithDefault("jointcs-search-orchestration")
    String groupId();

    /** Longest time reading the state topics to their end at start before the service gives up. */
    @WithDefault("2m")
    Duration catchUpTimeout();

    /** Poll timeout of the consumers. */
    @WithDefault("500ms")
    Duration pollTimeout();
  }
}
