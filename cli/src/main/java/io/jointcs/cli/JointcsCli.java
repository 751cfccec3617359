package io.jointcs.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code ./jointcs}: one subcommand per feature, each able to print its result as JSON. */
@Command(
    name = "jointcs",
    mixinStandardHelpOptions = true,
    version = "jointcs 0.1.0",
    description = "Joint search for deep model compression and segmentation on heterogeneous IoT devices.",
    subcommands = {CommandLine.HelpCommand.class})
public final class JointcsCli implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(newCommandLine().execute(args));
  }

  /** Builds the command tree; tests use it to run subcommands in-process. */
  public static CommandLine newCommandLine() {
    CommandLine commandLine = new CommandLine(new JointcsCli());
    Subcommands.register(commandLine);
    commandLine.setExecutionExceptionHandler(new UserErrorHandler());
    return commandLine;
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
