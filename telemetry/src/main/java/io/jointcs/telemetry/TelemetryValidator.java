package io.jointcs.telemetry;

import io.jointcs.events.DeviceDescriptor;
import io.jointcs.events.DeviceRegistration;
import io.jointcs.events.DeviceTelemetry;
import io.jointcs.events.LatencyMeasurement;
import io.jointcs.events.LayerFeatures;
import io.jointcs.events.LayerLatencySample;
import io.jointcs.events.ModelLatencySample;
import io.jointcs.events.ModelPart;
import io.jointcs.events.NetworkSample;
import io.jointcs.latency.telemetry.LayerTelemetry;
import io.jointcs.topics.RecordKeys;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The value rules decoded telemetry must meet before it becomes a profiling sample or moves a network state:
 * identities present and bounded, finite and positive numbers in sane ranges, consistent percentiles, a
 * plausible clock, a known device class. Returns the first problem as text naming the field, e.g.
 * {@code payload.latency.medianMs must be finite and > 0, got NaN}. Stateless and thread-safe.
 */
public final class TelemetryValidator {
  /** Epoch ms of 2020-01-01: no JointCS device measured anything earlier; earlier means an unset clock. */
  static final long EARLIEST_EPOCH_MS = 1_577_836_800_000L;
  /** Relative slack when checking p10 <= median <= p90 (percentiles of few repetitions are interpolated). */
  private static final double PERCENTILE_SLACK = 1e-9;
  /**
   * How far the parts of a SPLIT sample (medians of head, transfer and tail) may be from its end-to-end median,
   * relative to the end-to-end median: medians of parts do not add up to the median of their sums, and the device
   * spends a little time outside the three parts (input preparation, reading the result).
   */
  static final double BREAKDOWN_TOLERANCE = 0.25;
  /** The same bound in absolute terms, for very short requests. Unit: ms. */
  static final double BREAKDOWN_SLACK_MS = 1.0;

  private final ValidationLimits limits;
  private final KnownDeviceClasses known;

  public TelemetryValidator(ValidationLimits limits, KnownDeviceClasses known) {
    this.limits = limits;
    this.known = known;
  }

  public ValidationLimits limits() {
    return limits;
  }

  /**
   * The first problem of the telemetry, or empty when it is valid.
   *
   * @param recordKey Kafka key it arrived under (must be the device id, so one device stays on one partition)
   * @param receivedAtEpochMs platform clock at arrival
   * @param registrations current registration per device id (null when none)
   */
  public Optional<String> problem(DeviceTelemetry t, String recordKey, long receivedAtEpochMs,
      Function<String, DeviceRegistration> registrations) {
    try {
      check(t, recordKey, receivedAtEpochMs, registrations);
      return Optional.empty();
    } catch (Invalid e) {
      return Optional.of(e.getMessage());
    }
  }

  private void check(DeviceTelemetry t, String recordKey, long receivedAtEpochMs,
      Function<String, DeviceRegistration> registrations) throws Invalid {
    id("telemetryId", t.getTelemetryId());
    DeviceDescriptor device = t.getDevice();
    id("device.deviceId", device.getDeviceId());
    id("device.deviceClass", device.getDeviceClass());
    if (device.getDeviceClass().indexOf(RecordKeys.SEPARATOR) >= 0) {
      throw new Invalid("device.deviceClass must not contain '" + RecordKeys.SEPARATOR + "', got '"
          + device.getDeviceClass() + "'");
    }
    if (recordKey == null || !recordKey.equals(device.getDeviceId())) {
      throw new Invalid("record key must be the device id '" + device.getDeviceId() + "', got "
          + (recordKey == null ? "no key" : "'" + recordKey + "'"));
    }
    range("device.hardware.cpuCores", device.getHardware().getCpuCores(), 1, 4096);
    range("device.hardware.memoryBytes", device.getHardware().getMemoryBytes(), 1, Long.MAX_VALUE);
    range("device.runtime.threads", device.getRuntime().getThreads(), 1, 4096);
    long ts = t.getTimestampEpochMs();
    if (ts < EARLIEST_EPOCH_MS || ts < receivedAtEpochMs - limits.maxAge().toMillis()) {
      throw new Invalid("timestampEpochMs " + ts + " is older than " + limits.maxAge() + " before arrival at "
          + receivedAtEpochMs + " (or before 2020): the device clock is not set");
    }
    if (ts > receivedAtEpochMs + limits.maxClockAhead().toMillis()) {
      throw new Invalid("timestampEpochMs " + ts + " is more than " + limits.maxClockAhead() + " ahead of the "
          + "platform clock " + receivedAtEpochMs);
    }
    Optional<String> classProblem = known.problem(device.getDeviceId(), device.getDeviceClass(), registrations);
    if (classProblem.isPresent()) {
      throw new Invalid(classProblem.get());
    }
    Object payload = t.getPayload();
    if (payload instanceof LayerLatencySample layer) {
      layer(layer.getLayer());
      measurement("payload.latency", layer.getLatency());
    } else if (payload instanceof NetworkSample network) {
      positive("payload.uplinkBandwidthBytesPerSec", network.getUplinkBandwidthBytesPerSec(),
          limits.maxBandwidthBytesPerSec());
      positive("payload.rttMs", network.getRttMs(), limits.maxRttMs());
      range("payload.probeSizeBytes", network.getProbeSizeBytes(), 0, 1L << 32);
    } else if (payload instanceof ModelLatencySample model) {
      model(model);
    } else {
      throw new Invalid("payload of type " + (payload == null ? "null" : payload.getClass().getSimpleName())
          + " is not a measurement ingestion knows");
    }
  }

  private void layer(LayerFeatures l) throws Invalid {
    range("payload.layer.inChannels", l.getInChannels(), 1, limits.maxChannels());
    range("payload.layer.outChannels", l.getOutChannels(), 1, limits.maxChannels());
    range("payload.layer.kernelSize", l.getKernelSize(), 1, limits.maxSpatial());
    range("payload.layer.stride", l.getStride(), 1, limits.maxSpatial());
    range("payload.layer.padding", l.getPadding(), 0, limits.maxSpatial());
    range("payload.layer.groups", l.getGroups(), 1, limits.maxChannels());
    range("payload.layer.inputHeight", l.getInputHeight(), 1, limits.maxSpatial());
    range("payload.layer.inputWidth", l.getInputWidth(), 1, limits.maxSpatial());
    range("payload.layer.outputHeight", l.getOutputHeight(), 1, limits.maxSpatial());
    range("payload.layer.outputWidth", l.getOutputWidth(), 1, limits.maxSpatial());
    range("payload.layer.batchSize", l.getBatchSize(), 1, limits.maxBatchSize());
    range("payload.layer.macs", l.getMacs(), 0, Long.MAX_VALUE);
    range("payload.layer.params", l.getParams(), 0, Long.MAX_VALUE);
    range("payload.layer.inputBytes", l.getInputBytes(), 1, Long.MAX_VALUE);
    range("payload.layer.outputBytes", l.getOutputBytes(), 1, Long.MAX_VALUE);
    if (l.getInChannels() % l.getGroups() != 0 || l.getOutChannels() % l.getGroups() != 0) {
      throw new Invalid("payload.layer.groups " + l.getGroups() + " must divide inChannels " + l.getInChannels()
          + " and outChannels " + l.getOutChannels());
    }
    try {
      // the sample must be usable as a predictor's training example: the latency module's one mapping accepts it
      LayerTelemetry.toFeatures(l);
    } catch (IllegalArgumentException e) {
      throw new Invalid("payload.layer: " + e.getMessage());
    }
  }

  private void model(ModelLatencySample m) throws Invalid {
    if (m.getModelSpec() == null || m.getModelSpec().isBlank() || m.getModelSpec().length() > 4096) {
      throw new Invalid("payload.modelSpec must be 1..4096 characters");
    }
    range("payload.blockCount", m.getBlockCount(), 1, 100_000);
    range("payload.cutPoint", m.getCutPoint(), 0, m.getBlockCount());
    ModelPart part = m.getPart();
    switch (part) {
      case WHOLE -> {
        if (m.getCutPoint() != m.getBlockCount()) {
          throw new Invalid("payload.cutPoint of a WHOLE model must equal blockCount " + m.getBlockCount()
              + ", got " + m.getCutPoint());
        }
      }
      case HEAD -> range("payload.cutPoint of a HEAD", m.getCutPoint(), 1, m.getBlockCount());
      case TAIL -> range("payload.cutPoint of a TAIL", m.getCutPoint(), 0, m.getBlockCount() - 1);
      case SPLIT -> range("payload.cutPoint of a SPLIT", m.getCutPoint(), 0, m.getBlockCount() - 1);
      default -> throw new Invalid("payload.part " + part + " is not a model part this platform knows "
          + "(written by a newer agent?)");
    }
    range("payload.batchSize", m.getBatchSize(), 1, limits.maxBatchSize());
    measurement("payload.latency", m.getLatency());
    if (part == ModelPart.SPLIT) {
      split(m);
    } else {
      onlyForSplit("headMs", m.getHeadMs(), part);
      onlyForSplit("transferMs", m.getTransferMs(), part);
      onlyForSplit("tailMs", m.getTailMs(), part);
      onlyForSplit("cutBytes", m.getCutBytes(), part);
      onlyForSplit("uplinkBandwidthBytesPerSec", m.getUplinkBandwidthBytesPerSec(), part);
      onlyForSplit("rttMs", m.getRttMs(), part);
      onlyForSplit("networkMeasurementMethod", m.getNetworkMeasurementMethod(), part);
    }
  }

  private static void onlyForSplit(String field, Object value, ModelPart part) throws Invalid {
    if (value != null) {
      throw new Invalid("payload." + field + " is for SPLIT samples only and must be null for " + part + ", got "
          + value);
    }
  }

  /** The breakdown of an end-to-end split inference: present, finite, and adding up to the end-to-end latency. */
  private void split(ModelLatencySample m) throws Invalid {
    double head = required("payload.headMs", m.getHeadMs());
    double transfer = required("payload.transferMs", m.getTransferMs());
    double tail = required("payload.tailMs", m.getTailMs());
    if (m.getCutBytes() == null) {
      throw new Invalid("payload.cutBytes of a SPLIT sample is missing (null)");
    }
    nonNegative("payload.headMs", head, limits.maxLatencyMs());
    if ((m.getCutPoint() == 0) != (head == 0)) {
      throw new Invalid("payload.headMs must be 0 exactly when cutPoint is 0 (no block on the device), got "
          + fmt(head) + " ms at cutPoint " + m.getCutPoint());
    }
    positive("payload.transferMs", transfer, limits.maxLatencyMs());
    positive("payload.tailMs", tail, limits.maxLatencyMs());
    range("payload.cutBytes", m.getCutBytes(), 1, 1L << 40);
    if (m.getUplinkBandwidthBytesPerSec() != null) {
      positive("payload.uplinkBandwidthBytesPerSec", m.getUplinkBandwidthBytesPerSec(),
          limits.maxBandwidthBytesPerSec());
    }
    if (m.getRttMs() != null) {
      nonNegative("payload.rttMs", m.getRttMs(), limits.maxRttMs());
    }
    double endToEnd = m.getLatency().getMedianMs();
    double sum = head + transfer + tail;
    double allowed = Math.max(BREAKDOWN_TOLERANCE * endToEnd, BREAKDOWN_SLACK_MS);
    if (Math.abs(sum - endToEnd) > allowed) {
      throw new Invalid(String.format(Locale.ROOT, "payload.headMs + transferMs + tailMs = %s ms differs from "
          + "latency.medianMs %s ms by more than %.0f%% (at least %s ms)", fmt(sum), fmt(endToEnd),
          100 * BREAKDOWN_TOLERANCE, fmt(BREAKDOWN_SLACK_MS)));
    }
  }

  private static double required(String field, Double value) throws Invalid {
    if (value == null) {
      throw new Invalid(field + " of a SPLIT sample is missing (null)");
    }
    return value;
  }

  private void measurement(String path, LatencyMeasurement m) throws Invalid {
    positive(path + ".medianMs", m.getMedianMs(), limits.maxLatencyMs());
    positive(path + ".p10Ms", m.getP10Ms(), limits.maxLatencyMs());
    positive(path + ".p90Ms", m.getP90Ms(), limits.maxLatencyMs());
    nonNegative(path + ".stddevMs", m.getStddevMs(), limits.maxLatencyMs());
    range(path + ".repetitions", m.getRepetitions(), 1, limits.maxRepetitions());
    range(path + ".warmupRuns", m.getWarmupRuns(), 0, limits.maxRepetitions());
    double slack = PERCENTILE_SLACK * m.getP90Ms();
    if (m.getP10Ms() > m.getMedianMs() + slack || m.getMedianMs() > m.getP90Ms() + slack) {
      throw new Invalid(path + " percentiles must satisfy p10 <= median <= p90, got " + m.getP10Ms() + " / "
          + m.getMedianMs() + " / " + m.getP90Ms() + " ms");
    }
  }

  private void id(String field, String value) throws Invalid {
    if (value == null || value.isBlank()) {
      throw new Invalid(field + " must not be blank");
    }
    if (value.length() > limits.maxIdChars()) {
      throw new Invalid(field + " must be at most " + limits.maxIdChars() + " characters, got " + value.length());
    }
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i)) || Character.isWhitespace(value.charAt(i))) {
        throw new Invalid(field + " must not contain whitespace or control characters (at index " + i + ")");
      }
    }
  }

  private static void range(String field, long value, long min, long max) throws Invalid {
    if (value < min || value > max) {
      throw new Invalid(field + " must be in " + min + ".." + max + ", got " + value);
    }
  }

  private static void positive(String field, double value, double max) throws Invalid {
    if (!Double.isFinite(value) || value <= 0 || value > max) {
      throw new Invalid(field + " must be finite, > 0 and <= " + fmt(max) + ", got " + fmt(value));
    }
  }

  private static void nonNegative(String field, double value, double max) throws Invalid {
    if (!Double.isFinite(value) || value < 0 || value > max) {
      throw new Invalid(field + " must be finite, >= 0 and <= " + fmt(max) + ", got " + fmt(value));
    }
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%s", v);
  }

  /** A rule broken; control flow inside the validator only. */
  private static final class Invalid extends Exception {
    Invalid(String message) {
      super(message, null, false, false);
    }
  }
}
