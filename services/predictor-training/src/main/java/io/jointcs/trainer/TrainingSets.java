package io.jointcs.trainer;

import io.jointcs.latency.prediction.LayerLatencySample;
import io.jointcs.latency.training.ClassTrainingSet;
import io.jointcs.latency.training.HoldoutAssignment;
import io.jointcs.latency.training.RetrainProgress;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The training sets of the device classes this instance owns: the classes keyed to the sample partitions it is
 * assigned. Kept in memory and rebuilt from jointcs.profiling.samples (the training data, kept 90 days) whenever
 * a partition is assigned, so there is no local store to lose or migrate.
 */
@ApplicationScoped
public class TrainingSets {

  /** One class: its data, the partition it lives on, and its retraining state. */
  public static final class ClassState {
    final ClassTrainingSet set;
    final int partition;
    /** null until the catalogue is loaded and the debounce state has been resumed from the current predictor */
    volatile RetrainProgress progress;
    volatile boolean inFlight;
    volatile Attempt lastAttempt;

    ClassState(ClassTrainingSet set, int partition) {
      this.set = set;
      this.partition = partition;
    }

    public ClassTrainingSet set() {
      return set;
    }

    public Optional<Attempt> lastAttempt() {
      return Optional.ofNullable(lastAttempt);
    }
  }

  private final Map<String, ClassState> classes = new ConcurrentHashMap<>();
  private final HoldoutAssignment holdout;
  private final TrainingConfig config;

  private final MeterRegistry registry;

  @Inject
  public TrainingSets(TrainingConfig config, MeterRegistry registry) {
    this.config = config;
    this.registry = registry;
    this.holdout = new HoldoutAssignment(config.holdoutFraction());
  }

  public ClassTrainingSet.Added add(String sampleId, LayerLatencySample sample, boolean emulated,
      long validatedAtEpochMs, int partition) {
    ClassState state = classes.computeIfAbsent(sample.deviceClass(), c -> newClass(c, partition));
    return state.set.add(sampleId, sample, emulated, validatedAtEpochMs);
  }

  private ClassState newClass(String deviceClass, int partition) {
    ClassTrainingSet set = new ClassTrainingSet(deviceClass, holdout, config.maxTrainingSamples(),
        config.maxHoldoutSamples());
    registry.gauge("jointcs.training.set.samples", Tags.of("class", deviceClass, "part", "training"), set,
        ClassTrainingSet::trainingSize);
    registry.gauge("jointcs.training.set.samples", Tags.of("class", deviceClass, "part", "holdout"), set,
        ClassTrainingSet::holdoutSize);
    return new ClassState(set, partition);
  }

  /** Forgets the classes of partitions this instance no longer owns (another instance rebuilds them). */
  public void dropPartitions(Collection<Integer> partitions) {
    classes.values().removeIf(s -> partitions.contains(s.partition) && !s.inFlight);
  }

  public Optional<ClassState> get(String deviceClass) {
    return Optional.ofNullable(classes.get(deviceClass));
  }

  public Map<String, ClassState> all() {
    return Map.copyOf(classes);
  }
}
