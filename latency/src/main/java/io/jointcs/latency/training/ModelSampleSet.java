package io.jointcs.latency.training;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * The whole-model, head and tail measurements of one device class as they arrive, split into training and hold-out
 * by <b>model</b> ({@link HoldoutAssignment} of the model spec text): every measurement of a held-out model is held
 * out, so the overhead is fitted on some models and judged on others it never saw. Redelivered samples (same id) are
 * dropped; each part keeps its most recent measurements. Thread-safe: a consumer adds while a worker takes
 * snapshots.
 */
public final class ModelSampleSet {
  /** What {@link #add} did with a measurement. */
  public enum Added { TRAINING, HOLDOUT, DUPLICATE }

  private final String deviceClass;
  private final HoldoutAssignment assignment;
  private final int maxPerPart;
  private final ArrayDeque<ModelMeasurement> training = new ArrayDeque<>();
  private final ArrayDeque<ModelMeasurement> holdout = new ArrayDeque<>();
  private final Set<String> ids = new HashSet<>();

  /** @param maxPerPart most recent measurements kept in training and in hold-out each */
  public ModelSampleSet(String deviceClass, HoldoutAssignment assignment, int maxPerPart) {
    if (deviceClass == null || deviceClass.isBlank()) {
      throw new IllegalArgumentException("model sample set: device class is missing");
    }
    if (maxPerPart < 1) {
      throw new IllegalArgumentException("model sample set bound must be >= 1, got " + maxPerPart);
    }
    this.deviceClass = deviceClass;
    this.assignment = assignment;
    this.maxPerPart = maxPerPart;
  }

  public String deviceClass() {
    return deviceClass;
  }

  public synchronized Added add(ModelMeasurement m) {
    if (!ids.add(m.sampleId())) {
      return Added.DUPLICATE;
    }
    boolean held = assignment.holdsOut(m.modelName());
    ArrayDeque<ModelMeasurement> part = held ? holdout : training;
    part.addLast(m);
    if (part.size() > maxPerPart) {
      ids.remove(part.removeFirst().sampleId());
    }
    return held ? Added.HOLDOUT : Added.TRAINING;
  }

  public synchronized int trainingSize() {
    return training.size();
  }

  public synchronized int holdoutSize() {
    return holdout.size();
  }

  public synchronized ModelSnapshot snapshot() {
    return new ModelSnapshot(training.stream().toList(), holdout.stream().toList());
  }
}
