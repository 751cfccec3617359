package io.jointcs.cli;

import picocli.CommandLine;

/**
 * Turns exceptions that describe bad input ({@link IllegalArgumentException}, {@link
 * java.io.UncheckedIOException}, {@link java.io.IOException}) into one clear line and exit code 2;
 * anything else is a bug and keeps its stack trace.
 */
final class UserErrorHandler implements CommandLine.IExecutionExceptionHandler {
  static final int BAD_INPUT_EXIT_CODE = 2;

  @Override
  public int handleExecutionException(
      Exception ex, CommandLine commandLine, CommandLine.ParseResult parseResult) throws Exception {
    if (ex instanceof IllegalArgumentException
        || ex instanceof IllegalStateException
        || ex instanceof java.io.IOException
        || ex instanceof java.io.UncheckedIOException) {
      commandLine.getErr().println("error: " + ex.getMessage());
      return BAD_INPUT_EXIT_CODE;
    }
    throw ex;
  }
}
