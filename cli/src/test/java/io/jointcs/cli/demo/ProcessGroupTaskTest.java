package io.jointcs.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A task (the memory load generator) may end by itself; a service that ends by itself is the group's failure. */
class ProcessGroupTaskTest {
  @TempDir
  Path dir;

  @Test
  void aTaskThatEndsIsNoFailureButAServiceThatEndsIs() throws Exception {
    PrintStream log = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    try (ProcessGroup group = new ProcessGroup(Duration.ofSeconds(5), log)) {
      ChildProcess task = group.startTask("task", List.of("sh", "-c", "echo done; exit 3"), Map.of(), dir,
          dir.resolve("task.log"));
      assertThat(task.onExit().get(30, TimeUnit.SECONDS).exitValue()).isEqualTo(3);
      Thread.sleep(200); // the exit callbacks ran
      group.check();
      assertThat(group.failure()).isEmpty();

      ChildProcess service = group.start("service", List.of("sh", "-c", "exit 1"), Map.of(), dir,
          dir.resolve("service.log"));
      service.onExit().get(30, TimeUnit.SECONDS);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (group.failure().isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThatThrownBy(group::check).isInstanceOf(DemoFailure.class).hasMessageContaining("service exited");
    }
  }
}
