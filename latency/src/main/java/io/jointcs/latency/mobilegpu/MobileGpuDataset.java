package io.jointcs.latency.mobilegpu;

import io.jointcs.latency.prediction.LayerFeatures;
import io.jointcs.latency.prediction.LayerKind;
import io.jointcs.latency.prediction.LayerLatencySample;
import io.jointcs.latency.prediction.ModelLatencyObservation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The per-operator file of one runtime of the phone dataset, converted to {@link LayerLatencySample}s per
 * device, together with the whole-model latencies of the matching end-to-end file. Latencies are microseconds in
 * both files and milliseconds here. Empty latency cells are missing measurements (counted in the report); any
 * other unusable cell, a malformed feature dict or a truncated file is an error naming file, line and column.
 */
public record MobileGpuDataset(MobileGpuRuntime runtime, List<String> devices, List<OperatorRow> rows,
    Map<String, Map<String, Double>> endToEndMsByModel, ConversionReport report) {

  private static final String LATENCY_SUFFIX = "|gpu|float";
  private static final String E2E_SUFFIX = "|gpu|float|mean";

  /** Reads {@code runtime}'s files from {@code dir}. */
  public static MobileGpuDataset load(Path dir, MobileGpuRuntime runtime) {
    Path ops = dir.resolve(runtime.operatorsFile());
    Path e2e = dir.resolve(runtime.endToEndFile());
    if (!Files.isRegularFile(ops)) {
      throw new IllegalArgumentException("no operator file " + ops);
    }
    return convert(CsvTable.read(ops), Files.isRegularFile(e2e) ? CsvTable.read(e2e) : null, runtime);
  }

  static MobileGpuDataset convert(CsvTable ops, CsvTable e2e, MobileGpuRuntime runtime) {
    int modelCol = ops.column("model");
    int opCol = ops.column("operation");
    int featureCol = ops.column("feature");
    Map<String, Integer> latencyCols = new LinkedHashMap<>();
    for (int i = 0; i < ops.header().size(); i++) {
      String h = ops.header().get(i);
      if (h.endsWith(LATENCY_SUFFIX)) {
        latencyCols.put(h.substring(0, h.length() - LATENCY_SUFFIX.length()), i);
      }
    }
    if (latencyCols.isEmpty()) {
      throw new IllegalArgumentException(ops.source() + ": no '<device>" + LATENCY_SUFFIX + "' latency column");
    }
    List<OperatorRow> rows = new ArrayList<>();
    Map<String, Integer> byOp = new TreeMap<>();
    Map<String, Integer> byKind = new TreeMap<>();
    Map<String, Integer> unmapped = new TreeMap<>();
    Map<String, Integer> missing = new LinkedHashMap<>();
    Map<String, Integer> present = new LinkedHashMap<>();
    latencyCols.keySet().forEach(d -> {
      missing.put(d, 0);
      present.put(d, 0);
    });
    Map<String, Integer> positions = new HashMap<>();
    for (CsvTable.Row r : ops.rows()) {
      String where = ops.source() + " line " + r.line();
      String model = r.fields().get(modelCol).trim();
      String op = r.fields().get(opCol).trim();
      if (model.isEmpty() || op.isEmpty()) {
        throw new IllegalArgumentException(where + ": empty " + (model.isEmpty() ? "model" : "operation") + " field");
      }
      LayerFeatures features;
      try {
        features = runtime.converter().convert(op, PythonDictLiteral.parse(r.fields().get(featureCol)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ", column 'feature' (" + op + "): " + e.getMessage(), e);
      }
      Map<String, Double> latency = new LinkedHashMap<>();
      for (Map.Entry<String, Integer> c : latencyCols.entrySet()) {
        String cell = r.fields().get(c.getValue()).trim();
        if (cell.isEmpty()) {
          missing.merge(c.getKey(), 1, Integer::sum);
          continue;
        }
        latency.put(c.getKey(), microsToMs(cell, where + ", column '" + ops.header().get(c.getValue()) + "'"));
        present.merge(c.getKey(), 1, Integer::sum);
      }
      byOp.merge(op, 1, Integer::sum);
      byKind.merge(features.kind().name(), 1, Integer::sum);
      if (features.kind() == LayerKind.OTHER) {
        unmapped.merge(op, 1, Integer::sum);
      }
      int position = positions.merge(model, 1, Integer::sum) - 1;
      rows.add(new OperatorRow(r.line(), model, position, op, features, latency));
    }
    Map<String, Map<String, Double>> endToEnd = e2e == null ? Map.of() : endToEnd(e2e, latencyCols.keySet());
    ConversionReport report = new ConversionReport(ops.source(), rows.size(), positions.size(), byOp, byKind,
        unmapped, missing, present);
    return new MobileGpuDataset(runtime, List.copyOf(latencyCols.keySet()), List.copyOf(rows), endToEnd, report);
  }

  private static Map<String, Map<String, Double>> endToEnd(CsvTable e2e, Set<String> devices) {
    int modelCol = e2e.column("model");
    Map<String, Integer> cols = new LinkedHashMap<>();
    for (String d : devices) {
      int i = e2e.header().indexOf(d + E2E_SUFFIX);
      if (i >= 0) {
        cols.put(d, i);
      }
    }
    Map<String, Map<String, Double>> out = new LinkedHashMap<>();
    for (CsvTable.Row r : e2e.rows()) {
      Map<String, Double> perDevice = new LinkedHashMap<>();
      for (Map.Entry<String, Integer> c : cols.entrySet()) {
        String cell = r.fields().get(c.getValue()).trim();
        if (!cell.isEmpty()) {
          perDevice.put(c.getKey(), microsToMs(cell, e2e.source() + " line " + r.line() + ", column '"
              + e2e.header().get(c.getValue()) + "'"));
        }
      }
      String model = r.fields().get(modelCol).trim();
      if (out.put(model, perDevice) != null) {
        throw new IllegalArgumentException(e2e.source() + " line " + r.line() + ": model " + model + " appears twice");
      }
    }
    return out;
  }

  private static double microsToMs(String cell, String where) {
    double micros;
    String lower = cell.toLowerCase(java.util.Locale.ROOT);
    if (lower.matches("[+-]?(nan|inf|infinity)")) {
      // Python writes non-finite floats this way; Java's parser does not know the lower-case forms
      micros = lower.contains("nan") ? Double.NaN : lower.startsWith("-") ? Double.NEGATIVE_INFINITY
          : Double.POSITIVE_INFINITY;
    } else {
      try {
        micros = Double.parseDouble(cell);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(where + ": latency '" + cell + "' is not a number");
      }
    }
    if (!Double.isFinite(micros) || micros <= 0) {
      throw new IllegalArgumentException(where + ": latency " + cell + " must be finite and > 0 (microseconds)");
    }
    return micros / 1000.0;
  }

  /** Models in file order. */
  public List<String> models() {
    return List.copyOf(new LinkedHashSet<>(rows.stream().map(OperatorRow::model).toList()));
  }

  /** The measured operators of {@code device}, as samples of device class {@code device}. */
  public List<LayerLatencySample> samples(String device) {
    requireDevice(device);
    List<LayerLatencySample> out = new ArrayList<>();
    for (OperatorRow r : rows) {
      Double ms = r.latencyMsByDevice().get(device);
      if (ms != null) {
        out.add(new LayerLatencySample(device, r.features(), ms, r.model(), r.operation() + "#" + r.position()));
      }
    }
    return out;
  }

  /** Operators of {@code model}, in order. */
  public List<OperatorRow> operators(String model) {
    return rows.stream().filter(r -> r.model().equals(model)).toList();
  }

  /**
   * Whole-model observation of {@code model} on {@code device}: empty when the end-to-end latency or any operator
   * latency is missing (a sum over a partial model would be meaningless).
   */
  public java.util.Optional<ModelLatencyObservation> observation(String model, String device) {
    requireDevice(device);
    Double e2e = endToEndMsByModel.getOrDefault(model, Map.of()).get(device);
    List<OperatorRow> ops = operators(model);
    if (e2e == null || ops.isEmpty() || ops.stream().anyMatch(o -> !o.latencyMsByDevice().containsKey(device))) {
      return java.util.Optional.empty();
    }
    double sum = ops.stream().mapToDouble(o -> o.latencyMsByDevice().get(device)).sum();
    return java.util.Optional.of(new ModelLatencyObservation(model, ops.size(), sum, e2e));
  }

  private void requireDevice(String device) {
    if (!devices.contains(device)) {
      throw new IllegalArgumentException("device '" + device + "' is not in " + report.source() + "; devices: "
          + devices);
    }
  }
}
