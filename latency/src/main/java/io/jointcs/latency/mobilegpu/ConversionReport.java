package io.jointcs.latency.mobilegpu;

import java.util.Map;

/**
 * What the converter made of an operator file: nothing is dropped silently, so every row is counted here.
 *
 * @param rows operator rows read
 * @param models distinct models
 * @param rowsByOperation rows per runtime operator name
 * @param rowsByKind rows per mapped layer kind (OTHER for unmapped operators)
 * @param unmappedOperations rows per operator name that has no mapping and was kept as OTHER
 * @param missingByDevice rows whose latency cell is empty, per device (missing measurements)
 * @param samplesByDevice rows with a measurement, per device
 */
public record ConversionReport(String source, int rows, int models, Map<String, Integer> rowsByOperation,
    Map<String, Integer> rowsByKind, Map<String, Integer> unmappedOperations, Map<String, Integer> missingByDevice,
    Map<String, Integer> samplesByDevice) {}
