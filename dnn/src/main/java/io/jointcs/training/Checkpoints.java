package io.jointcs.training;

import io.jointcs.json.Json;
import io.jointcs.model.Network;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;

/**
 * A checkpoint directory: {@code state.json} naming the weights and optimizer files of its step.
 * Every file is written to a temporary name and moved into place, state last, so a run killed at
 * any moment leaves the previous complete checkpoint readable.
 */
public final class Checkpoints {
  static final String STATE_FILE = "state.json";

  private Checkpoints() {}

  public static Optional<TrainingState> readState(Path dir) throws IOException {
    Path state = dir.resolve(STATE_FILE);
    if (!Files.isRegularFile(state)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Json.mapper().readValue(state.toFile(), TrainingState.class));
    } catch (IOException e) {
      throw new IOException("checkpoint state " + state + " is unreadable: " + e.getMessage(), e);
    }
  }

  static void write(Path dir, TrainingState state, Network network, NesterovSgd optimizer) throws IOException {
    Files.createDirectories(dir);
    String suffix = String.format(Locale.ROOT, "-%08d.params", state.globalStep());
    String weightsFile = "weights" + suffix;
    String optimizerFile = "optimizer" + suffix;
    atomicWrite(dir.resolve(weightsFile), out -> network.saveParameters(new DataOutputStream(out)));
    atomicWrite(dir.resolve(optimizerFile), optimizer::save);
    Optional<TrainingState> previous = readState(dir);
    TrainingState named = new TrainingState(state.spec(), state.config(), state.trainImages(),
        state.stepsPerEpoch(), state.globalStep(), state.epochLossSum(), state.epochCorrect(), state.epochSeen(),
        state.trainingMillis(), weightsFile, optimizerFile, state.history());
    atomicWrite(dir.resolve(STATE_FILE), out -> Json.mapper().writeValue(out, named));
    if (previous.isPresent() && !previous.get().weightsFile().equals(weightsFile)) {
      Files.deleteIfExists(dir.resolve(previous.get().weightsFile()));
      Files.deleteIfExists(dir.resolve(previous.get().optimizerFile()));
    }
  }

  static void restore(Path dir, TrainingState state, Network network) throws IOException {
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(
        Files.newInputStream(dir.resolve(state.weightsFile()))))) {
      network.loadParameters(in);
    }
  }

  static void restoreOptimizer(Path dir, TrainingState state, NesterovSgd optimizer) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(dir.resolve(state.optimizerFile())))) {
      optimizer.load(in);
    }
  }

  /** Reads the weights of a checkpoint into a new network. */
  public static Network loadNetwork(Path dir, ai.djl.ndarray.NDManager manager) throws IOException {
    TrainingState state = readState(dir).orElseThrow(() -> new IOException("no checkpoint in " + dir));
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(
        Files.newInputStream(dir.resolve(state.weightsFile()))))) {
      return Network.load(state.spec(), manager, in);
    }
  }

  interface Writer {
    void write(OutputStream out) throws IOException;
  }

  static void atomicWrite(Path target, Writer writer) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp))) {
      writer.write(out);
    }
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
