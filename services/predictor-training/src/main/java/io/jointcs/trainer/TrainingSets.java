package io.jointcs.trainer;

import io.jointcs.latency.prediction.LayerLatencySample;
import io.jointcs.latency.training.ClassTrainingSet;
import io.jointcs.latency.training.HoldoutAssignment;
import io.jointcs.latency.training.ModelMeasurement;
import io.jointcs.latency.training.ModelSampleSet;
import io.jointcs.latency.training.ModelSnapshot;
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
  /**
   * Model measurements per class. Not tied to partitions: every instance reads every model sample (a small topic,
   * partitioned differently from the layer samples), so whichever instance owns a class's layers has its models.
   */
  private final Map<String, ModelSampleSet> models = new ConcurrentHashMap<>();
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

  public ModelSampleSet.Added addModel(String deviceClass, ModelMeasurement measurement) {
    return models.computeIfAbsent(deviceClass, c -> {
      ModelSampleSet set = new ModelSampleSet(c, holdout, config.maxModelSamples());
      registry.gauge("jointcs.training.set.model.samples", Tags.of("class", c, "part", "training"), set,
          ModelSampleSet::trainingSize);
      registry.gauge("jointcs.training.set.model.samples", Tags.of("class", c, "part", "holdout"), set,
          ModelSampleSet::holdoutSize);
      return set;
    }).add(measurement);
  }

  /** The model measurements of a class now; empty when it has none. */
  public ModelSnapshot models(String deviceClass) {
    ModelSampleSet set = models.get(deviceClass);
    return set == null ? ModelSnapshot.NONE : set.snapshot();
  }

  /** Classes with model measurements here. */
  public java.util.Set<String> modelClasses() {
    return java.util.Set.copyOf(models.keySet());
  }

  /** The model measurements of a class, for the HTTP view. */
  public Optional<ModelSampleSet> modelSet(String deviceClass) {
    return Optional.ofNullable(models.get(deviceClass));
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
