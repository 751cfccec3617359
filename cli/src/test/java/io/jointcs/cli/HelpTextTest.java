package io.jointcs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command's help renders as written: a bare '%' in a description makes picocli print the raw text. */
class HelpTextTest {

  private static void collect(CommandLine command, List<CommandLine> out) {
    out.add(command);
    command.getSubcommands().values().forEach(sub -> collect(sub, out));
  }

  @Test
  void everyCommandsHelpIsFormattedWithoutWarnings() {
    List<CommandLine> commands = new ArrayList<>();
    collect(JointcsCli.newCommandLine(), commands);
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    List<String> helps = new ArrayList<>();
    try {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      for (CommandLine command : commands) {
        helps.add(command.getUsageMessage(CommandLine.Help.Ansi.OFF));
      }
    } finally {
      System.setErr(err);
    }
    assertThat(commands).hasSizeGreaterThan(15);
    assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain("Could not format");
    assertThat(helps).noneMatch(h -> h.contains("%n"));
    assertThat(String.join("\n", helps)).contains("±5%/±10%").contains("25%/50%-pruned");
  }
}
