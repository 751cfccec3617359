package io.jointcs.cli;

import picocli.CommandLine.Command;

/** {@code jointcs bench}: commands that measure and print figures and ratios. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks that print figures and ratios.",
    subcommands = {BenchModelCommand.class, BenchSearchCommand.class, BenchPredictorCommand.class})
final class BenchCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
