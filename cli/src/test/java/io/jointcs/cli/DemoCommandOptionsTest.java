package io.jointcs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The demo's measurement options as a user types them. */
class DemoCommandOptionsTest {

  private static DemoCommand parse(String... args) {
    DemoCommand demo = new DemoCommand();
    new CommandLine(demo).parseArgs(args);
    return demo;
  }

  @Test
  void networkChangesIsTheDemosOneChangeUnlessAskedAndTwentyWhenAskedWithoutANumber() {
    assertThat(parse("--quick").networkChanges).isEqualTo(1);
    assertThat(parse("--network-changes").networkChanges).isEqualTo(20);
    assertThat(parse("--network-changes", "40", "--quick").networkChanges).isEqualTo(40);
    assertThat(parse("--network-changes", "--quick").quick).isTrue();
  }

  @Test
  void theGoalIsComputedUnlessGivenAndMemoryIsMeasuredOnlyWhenAsked() {
    DemoCommand plain = parse();
    assertThat(plain.goalMs).isNull();
    assertThat(plain.measureMemory).isFalse();
    DemoCommand asked = parse("--goal-ms", "12.5", "--measure-memory", "--memory-load-rate", "800");
    assertThat(asked.goalMs).isEqualTo(12.5);
    assertThat(asked.measureMemory).isTrue();
    assertThat(asked.memoryLoadRate).isEqualTo(800);
    assertThat(asked.memoryLoadSec).isEqualTo(30);
  }
}
