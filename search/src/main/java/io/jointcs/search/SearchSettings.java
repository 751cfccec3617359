package io.jointcs.search;

/** The settings a result was produced with (the serializable form of {@link SearchConfig} plus the cut policy). */
public record SearchSettings(int beamWidth, StepSchedule schedule, WidthSearch widthSearch, Aggregation aggregation,
    CutPolicy cutPolicy, boolean quantizeCutAction, String selectionRule, int maxSteps, long seed, int finalizeLast,
    int finalizeEpochs) {}
