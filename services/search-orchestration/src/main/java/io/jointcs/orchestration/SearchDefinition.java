package io.jointcs.orchestration;

import io.jointcs.events.ArtifactRef;
import io.jointcs.events.NetworkCondition;
import io.jointcs.events.SearchConstraints;
import io.jointcs.events.SearchRequest;
import io.jointcs.events.SearchStrategy;
import io.jointcs.model.ModelSpec;
import io.jointcs.plans.DevicePlanner;
import io.jointcs.search.Aggregation;
import io.jointcs.search.LatencyGoal;
import io.jointcs.search.LatencyModels;
import io.jointcs.search.NetworkLink;
import io.jointcs.search.SearchConfig;
import io.jointcs.search.SearchProblem;
import io.jointcs.search.SelectionRule;
import io.jointcs.search.StepSchedule;
import io.jointcs.search.TargetSpec;
import io.jointcs.search.WidthSearch;
import io.jointcs.search.WidthSpace;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * A SearchRequest turned into the search library's problem and configuration. Everything here is a function of the
 * request, the base model, the pinned latency models and the service's fixed search settings, so a re-run after a
 * restart builds the same search.
 *
 * <p>What the distributed search supports: strategy JOINT (greedy or beam K), a base model given as a FULL artifact
 * in the artifact store, every channel count of every group as the width space, one constant latency reduction step,
 * the worst target driving the search (the goal is absolute and the same for every target), the most accurate
 * candidate kept, no INT8 cut action (a CandidateEvaluationRequest cannot ask an executor to measure the INT8
 * accuracy at a cut).
 *
 * @param targets one per (device class, network condition), named {@code <class>@<network name>}, in request order
 */
public record SearchDefinition(SearchProblem problem, SearchConfig config, List<TargetSpec> targets) {

  /** Service-wide settings of the final series; part of what a replay must reproduce. */
  public record Finalization(int lastModels, int budgetFactor) {
    public Finalization {
      if (lastModels < 0 || (lastModels > 0 && budgetFactor < 1)) {
        throw new IllegalArgumentException("finalization needs lastModels >= 0 and a budget factor >= 1, got "
            + lastModels + " and " + budgetFactor);
      }
    }
  }

  /** Checks what can be checked without the base model and the latency models; the message says what is wrong. */
  public static void checkRequest(SearchRequest request) {
    require(request.getSearchId() != null && !request.getSearchId().isBlank() && !request.getSearchId().contains("/"),
        "searchId must be a non-blank id without '/' (it prefixes candidate ids), got '" + request.getSearchId() + "'");
    require(request.getStrategy() == SearchStrategy.JOINT, "strategy " + request.getStrategy() + " is not run by the "
        + "search service; it runs JOINT (greedy, or beam K with constraints.beamWidth); baselines run in "
        + "./jointcs search");
    require(request.getBaseModel() instanceof ArtifactRef, "baseModel must be a trained FULL model artifact "
        + "(ArtifactRef with its sha256): training an architecture from scratch is not a step the compression "
        + "executors offer; train with ./jointcs train, export the model and pass its sha256");
    require(!request.getDeviceClasses().isEmpty(), "deviceClasses must name at least one device class");
    require(new LinkedHashSet<>(request.getDeviceClasses()).size() == request.getDeviceClasses().size(),
        "deviceClasses lists a class twice: " + request.getDeviceClasses());
    require(request.getEdgeDeviceClass() != null && !request.getEdgeDeviceClass().isBlank(),
        "edgeDeviceClass is missing");
    require(!request.getNetworkConditions().isEmpty(), "networkConditions must hold at least one condition");
    SearchConstraints c = request.getConstraints();
    require(Double.isFinite(c.getLatencyTargetMs()) && c.getLatencyTargetMs() > 0,
        "constraints.latencyTargetMs must be > 0 ms, got " + c.getLatencyTargetMs());
    require(c.getMinAccuracy() >= 0 && c.getMinAccuracy() <= 1,
        "constraints.minAccuracy must be in [0, 1], got " + c.getMinAccuracy());
    require(c.getLatencyReductionStep() > 0 && c.getLatencyReductionStep() < 1,
        "constraints.latencyReductionStep must be in (0, 1), got " + c.getLatencyReductionStep());
    require(c.getBeamWidth() >= 1, "constraints.beamWidth must be >= 1, got " + c.getBeamWidth());
    require(c.getMaxSteps() >= 1, "constraints.maxSteps must be >= 1, got " + c.getMaxSteps());
    require(c.getMaxCandidateEvaluations() >= 0, "constraints.maxCandidateEvaluations must be >= 0 (0: no limit)");
    require(c.getMaxWallTimeMs() >= 0, "constraints.maxWallTimeMs must be >= 0 (0: no limit)");
    require(!c.getAllowCutQuantization(), "constraints.allowCutQuantization=true is not supported by the distributed "
        + "search: a CandidateEvaluationRequest cannot ask an executor to measure the INT8 accuracy at a cut");
    require(request.getFineTuneBudget().getOptimizerSteps() >= 0 && request.getFineTuneBudget().getBatchSize() >= 1
        && request.getFineTuneBudget().getLearningRate() >= 0,
        "fineTuneBudget needs optimizerSteps >= 0, batchSize >= 1 and learningRate >= 0");
    for (NetworkCondition n : request.getNetworkConditions()) {
      Wire.link(n); // throws with the link's name on a bad bandwidth or RTT
    }
  }

  /** The device classes a request needs latency models of: its device classes, then the edge class. */
  public static List<String> classes(SearchRequest request) {
    LinkedHashSet<String> out = new LinkedHashSet<>(request.getDeviceClasses());
    out.add(request.getEdgeDeviceClass());
    return List.copyOf(out);
  }

  /**
   * One target per (device class, network condition); the tail of a batch device class is predicted by the edge
   * class at that class's batch size ({@link DevicePlanner#edgeModelFor}).
   */
  public static List<TargetSpec> targets(SearchRequest request, LatencyModels models) {
    LatencyGoal goal = LatencyGoal.absoluteMs(request.getConstraints().getLatencyTargetMs());
    List<TargetSpec> out = new ArrayList<>();
    for (String deviceClass : request.getDeviceClasses()) {
      String edge = DevicePlanner.edgeModelFor(models, deviceClass, request.getEdgeDeviceClass());
      for (NetworkCondition n : request.getNetworkConditions()) {
        NetworkLink link = Wire.link(n);
        out.add(TargetSpec.of(deviceClass, edge, link, goal));
      }
    }
    return out;
  }

  /**
   * @param base spec of the base model artifact
   * @param models latency models of every class of {@link #classes}
   */
  public static SearchDefinition of(SearchRequest request, ModelSpec base, LatencyModels models,
      Finalization finalization) {
    checkRequest(request);
    List<TargetSpec> targets = targets(request, models);
    SearchProblem problem = new SearchProblem(base, models.targets(targets),
        WidthSpace.everyChannel(base.architecture(), 1));
    SearchConstraints c = request.getConstraints();
    SearchConfig config = new SearchConfig(c.getBeamWidth(), StepSchedule.constant(c.getLatencyReductionStep()),
        WidthSearch.LINEAR, Aggregation.MAX, false, SelectionRule.maxAccuracy(), c.getMaxSteps(), request.getSeed(),
        finalization.lastModels(), finalization.lastModels() > 0 ? finalization.budgetFactor() : 0);
    return new SearchDefinition(problem, config, targets);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
