package io.jointcs.search.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jointcs.model.Architecture;
import io.jointcs.search.BaselineFixtures;
import io.jointcs.search.LatencyGoal;
import io.jointcs.search.SearchConfig;
import io.jointcs.search.SearchListener;
import io.jointcs.search.SearchProblem;
import io.jointcs.search.SearchResult;
import io.jointcs.search.WidthSpace;
import io.jointcs.search.baseline.ExhaustiveSearch;
import io.jointcs.search.baseline.MethodComparison;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchReportTest {

  private static SearchReport report() {
    SearchProblem problem = BaselineFixtures.piOverSlowLink(
        WidthSpace.grid(Architecture.RESNET20, List.of(0.25, 0.5, 0.75, 1.0), List.of(0, 1, 2)),
        LatencyGoal.fractionOfSegmentationOnly(0.6));
    SearchConfig config = SearchConfig.defaults().withFinalization(1, 20);
    SearchReport comparison = MethodComparison.run("resnet20 on pi@2mbps (analytic latency)", problem, config,
        BaselineFixtures.accuracy(), SearchListener.NONE);
    List<SearchResult> results = new ArrayList<>(comparison.results());
    results.add(new ExhaustiveSearch().run(problem, config, BaselineFixtures.accuracy()));
    return new SearchReport(comparison.title(), results);
  }

  @Test
  void aReportSurvivesAJsonRoundTrip(@TempDir Path dir) {
    SearchReport report = report();
    Path file = dir.resolve("report.json");

    report.write(file);
    SearchReport read = SearchReport.read(file);

    assertThat(read).isEqualTo(report);
    assertThat(report.toJson()).contains("\"method\" : \"jointcs-greedy\"", "\"predictorQueries\"",
        "\"architecture\" : \"resnet20\"", "\"finalFineTune\"");
    assertThat(read.result("exhaustive").chosen()).isEqualTo(report.result("exhaustive").chosen());
  }

  @Test
  void unknownMethodsAndMalformedJsonAreClearErrors() {
    SearchReport report = new SearchReport("empty", List.of());

    assertThatThrownBy(() -> report.result("jointcs-greedy")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("report 'empty' has no method 'jointcs-greedy'");
    assertThatThrownBy(() -> SearchReport.fromJson("{\"title\": \"x\", \"resultz\": []}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not a search report");
  }

  @Test
  void thePlotOfAReportHasOneLinePerMethod() {
    SearchReport report = report();

    SvgPlot plot = AccuracyLatencyPlot.of(report, "pi@2mbps", "predicted latency, analytic MACs model");

    assertThat(plot.render()).contains("<title>Accuracy vs end-to-end latency: pi@2mbps</title>",
        "analytic MACs model", "compress-then-segment");
  }
}
