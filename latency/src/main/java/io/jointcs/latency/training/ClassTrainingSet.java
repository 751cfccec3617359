package io.jointcs.latency.training;

import io.jointcs.latency.prediction.LayerLatencySample;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * The training data of one device class as it arrives: samples split into training and hold-out by
 * {@link HoldoutAssignment}, redelivered samples (same id) dropped, each part bounded to its most recent
 * samples so a long-lived class does not grow without limit (an evicted sample's id is forgotten with it).
 * Thread-safe: the consumer adds while a worker takes snapshots.
 */
public final class ClassTrainingSet {
  /** What {@link #add} did with a sample. */
  public enum Added { TRAINING, HOLDOUT, DUPLICATE }

  private record Entry(String id, LayerLatencySample sample, long validatedAtEpochMs) {}

  private final String deviceClass;
  private final HoldoutAssignment assignment;
  private final int maxTraining;
  private final int maxHoldout;
  private final ArrayDeque<Entry> training = new ArrayDeque<>();
  private final ArrayDeque<Entry> holdout = new ArrayDeque<>();
  private final Set<String> ids = new HashSet<>();
  private long trainingArrivals;
  private boolean emulated;

  /**
   * @param maxTraining most recent training samples kept
   * @param maxHoldout most recent held-out samples kept: the hold-out every retraining is judged on
   */
  public ClassTrainingSet(String deviceClass, HoldoutAssignment assignment, int maxTraining, int maxHoldout) {
    if (deviceClass == null || deviceClass.isBlank()) {
      throw new IllegalArgumentException("training set: device class is missing");
    }
    if (maxTraining < 1 || maxHoldout < 1) {
      throw new IllegalArgumentException("training set bounds must be >= 1, got " + maxTraining + " and "
          + maxHoldout);
    }
    this.deviceClass = deviceClass;
    this.assignment = assignment;
    this.maxTraining = maxTraining;
    this.maxHoldout = maxHoldout;
  }

  public String deviceClass() {
    return deviceClass;
  }

  /**
   * Adds a sample of this class.
   *
   * @param validatedAtEpochMs when the platform accepted it (epoch ms), to tell samples newer than a predictor
   */
  public synchronized Added add(String sampleId, LayerLatencySample sample, boolean fromEmulatedDevice,
      long validatedAtEpochMs) {
    if (!deviceClass.equals(sample.deviceClass())) {
      throw new IllegalArgumentException("sample of device class " + sample.deviceClass()
          + " added to the training set of " + deviceClass);
    }
    if (!ids.add(sampleId)) {
      return Added.DUPLICATE;
    }
    emulated |= fromEmulatedDevice;
    Entry entry = new Entry(sampleId, sample, validatedAtEpochMs);
    if (assignment.holdsOut(sampleId)) {
      append(holdout, entry, maxHoldout);
      return Added.HOLDOUT;
    }
    append(training, entry, maxTraining);
    trainingArrivals++;
    return Added.TRAINING;
  }

  private void append(ArrayDeque<Entry> part, Entry entry, int max) {
    part.addLast(entry);
    if (part.size() > max) {
      ids.remove(part.removeFirst().id());
    }
  }

  /** Training samples ever added (monotonic; evicted ones still count). */
  public synchronized long trainingArrivals() {
    return trainingArrivals;
  }

  public synchronized int trainingSize() {
    return training.size();
  }

  public synchronized int holdoutSize() {
    return holdout.size();
  }

  /** Kept training samples the platform validated after {@code epochMs}: data a predictor made then never saw. */
  public synchronized long trainingSamplesValidatedAfter(long epochMs) {
    long count = 0;
    for (Entry e : training) {
      count += e.validatedAtEpochMs() > epochMs ? 1 : 0;
    }
    return count;
  }

  public synchronized TrainingSnapshot snapshot() {
    return new TrainingSnapshot(deviceClass, training.stream().map(Entry::sample).toList(),
        holdout.stream().map(Entry::sample).toList(), trainingArrivals,
        training.stream().mapToLong(Entry::validatedAtEpochMs).max().orElse(Long.MIN_VALUE), emulated);
  }
}
