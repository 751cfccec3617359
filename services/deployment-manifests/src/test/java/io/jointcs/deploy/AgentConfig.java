package io.jointcs.deploy;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The device agent's command line, read from DeviceAgentMain: its options and the variables they default from. */
final class AgentConfig {
  static final String MAIN = "services/device-agent/src/main/java/io/jointcs/agent/DeviceAgentMain.java";
  private static final Pattern ENV_DEFAULT = Pattern.compile("\\$\\{env:([A-Z][A-Z0-9_]*)");
  private static final Pattern OPTION = Pattern.compile("@Option\\(names\\s*=\\s*(\\{[^}]*}|\"[^\"]*\")");
  private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"");

  final Set<String> variables = new LinkedHashSet<>();
  final Set<String> options = new LinkedHashSet<>();

  AgentConfig() {
    String java = Repo.read(MAIN);
    Matcher env = ENV_DEFAULT.matcher(java);
    while (env.find()) {
      variables.add(env.group(1));
    }
    Matcher option = OPTION.matcher(java);
    while (option.find()) {
      Matcher name = QUOTED.matcher(option.group(1));
      while (name.find()) {
        options.add(name.group(1));
      }
    }
  }

  static String image() {
    return "jointcs/device-agent:" + Repo.projectVersion();
  }
}
