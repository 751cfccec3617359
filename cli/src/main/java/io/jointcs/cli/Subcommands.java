package io.jointcs.cli;

import picocli.CommandLine;

/** The one list of subcommands; each feature adds its command here. */
final class Subcommands {
  private Subcommands() {}

  static void register(CommandLine root) {
    root.addSubcommand(new DemoCommand());
    root.addSubcommand(new TrainCommand());
    root.addSubcommand(new EvalCommand());
    root.addSubcommand(new PruneCommand());
    root.addSubcommand(new ExportCommand());
    root.addSubcommand(new ProfileCommand());
    root.addSubcommand(new PredictorCommand());
    root.addSubcommand(new BenchCommand());
    root.addSubcommand(new BrokerCommand());
    root.addSubcommand(new SplitCommand());
    root.addSubcommand(new SearchCommand());
  }
}
