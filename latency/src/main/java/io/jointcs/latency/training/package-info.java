/**
 * Retraining of the latency predictor of a device class as samples keep arriving, without Kafka: the training set
 * with its fixed hold-out ({@link io.jointcs.latency.training.ClassTrainingSet},
 * {@link io.jointcs.latency.training.HoldoutAssignment}), when to retrain
 * ({@link io.jointcs.latency.training.RetrainPolicy}), and whether a retrained predictor may replace the current
 * one ({@link io.jointcs.latency.training.AcceptanceRule}, {@link io.jointcs.latency.training.Retraining}).
 */
package io.jointcs.latency.training;
