package io.jointcs.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reaction figures' arithmetic and their table; the settings the demo refuses. */
class ReactionRunTest {

  private static DemoReport.ReactionSample sample(int i, Double linkToPlan, Double trigger) {
    return new DemoReport.ReactionSample(i, 2, 50, 1000L * i, 2, linkToPlan, linkToPlan == null ? null
        : linkToPlan - 100, trigger, trigger, 1.0, linkToPlan == null ? null : (long) i + 1, 0,
        linkToPlan == null ? -1 : 11);
  }

  @Test
  void medianAndP99AreNearestRankAndP99OfTwentyIsTheMaximum() {
    List<DemoReport.ReactionSample> samples = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      samples.add(sample(i, 1000.0 * i, 10.0 * i));
    }
    samples.add(sample(21, null, null)); // a change without a plan counts in neither figure

    DemoReport.Percentiles link = ReactionRun.stats(samples, DemoReport.ReactionSample::linkToPlanMs);
    DemoReport.Percentiles trigger = ReactionRun.stats(samples, DemoReport.ReactionSample::triggerChangeToPlanMs);

    assertThat(link.count()).isEqualTo(20);
    assertThat(link.medianMs()).isEqualTo(10_000); // the 10th of 20
    assertThat(link.p99Ms()).isEqualTo(20_000).isEqualTo(link.maxMs());
    assertThat(link.minMs()).isEqualTo(1000);
    assertThat(link.meanMs()).isEqualTo(10_500);
    assertThat(trigger.medianMs()).isEqualTo(100);
    assertThat(ReactionRun.nearestRank(new double[] {1, 2, 3}, 50)).isEqualTo(2);
    assertThat(ReactionRun.stats(List.of(sample(1, null, null)), DemoReport.ReactionSample::linkToPlanMs)).isNull();
  }

  @Test
  void theTableAndThePlotShowEveryChange() {
    List<DemoReport.ReactionSample> samples = List.of(sample(1, 4200.0, 180.0), sample(2, null, null));
    DemoReport.Reaction r = new DemoReport.Reaction("demo-b", 50, 2, 5, 2, 1, 7000,
        ReactionRun.stats(samples, DemoReport.ReactionSample::linkToPlanMs), null,
        ReactionRun.stats(samples, DemoReport.ReactionSample::triggerChangeToPlanMs), null, 1.5, 1.7, samples);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ReactionFiles.print(r, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String table = bytes.toString(StandardCharsets.UTF_8);

    assertThat(table).contains("| 1 | 2 -> 50 | 0 -> 11 | 2 | 4200 | 4100 | 180 |")
        .contains("| 2 | 2 -> 50 | 0 -> - | 2 | - | - | - |")
        .contains("| link change -> plan on jointcs.plans | 1 | 4200 | 4200 |")
        .contains("| first NetworkChange event -> plan on jointcs.plans | 0 | - |")
        .contains("1 without a new plan");
    assertThat(ReactionFiles.svg(r)).startsWith("<svg").contains("change 1: 4200 ms").endsWith("</svg>\n");
  }

  @Test
  void theDemoRefusesAGoalOrChangeCountThatMeansNothing() {
    Path p = Path.of(".");
    DemoSettings.Budget b = DemoSettings.Budget.quick();
    assertThatThrownBy(() -> new DemoSettings(p, p, p, p, b, 50, 2, 5, 0.0, 1, null))
        .hasMessageContaining("--goal-ms");
    assertThatThrownBy(() -> new DemoSettings(p, p, p, p, b, 50, 2, 5, null, 0, null))
        .hasMessageContaining("--network-changes");
    assertThatThrownBy(() -> new DemoSettings.MemoryLoad(Duration.ofSeconds(1), 0, 0.1, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new DemoSettings(p, p, p, p, b, 50, 2, 5, 12.5, 20, null).goalMs()).isEqualTo(12.5);
  }
}
