package io.jointcs.splitinference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import io.jointcs.artifact.ModelArtifact;
import io.jointcs.model.Network;
import io.jointcs.segmentation.CutQuantization;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class SplitInferenceBenchmarkTest {

  @Test
  void reportsPercentilesStageMediansAndThePredictionNextToTheMeasurement() throws IOException {
    int cut = 0;
    try (NDManager manager = NDManager.newBaseManager();
        Network network = TestModels.network(manager);
        ServedTail tail = ServedTail.of(TestModels.tail(network, cut, CutQuantization.NONE), null, manager, "t");
        EdgeServer server = EdgeServer.start(tail, EdgeServer.Options.loopback(0))) {
      ModelArtifact head = TestModels.head(network, cut, CutQuantization.NONE);
      LinkEmulation link = LinkEmulation.parse("8Mbit", "10ms");
      SplitInferenceReport report = SplitInferenceBenchmark.run(head, server.localAddress(), link,
          TestModels.images(3), 6, 2);

      long cutBytes = 3 * 32 * 32 * 4;
      assertThat(report.cutBytes()).isEqualTo(cutBytes);
      assertThat(report.endToEnd().count()).isEqualTo(6);
      assertThat(server.requestsServed()).isEqualTo(8);
      assertThat(report.prediction().transferMs()).isCloseTo(cutBytes / 1e6 * 1e3 + 10, within(1e-9));
      assertThat(report.prediction().endToEndMs()).isCloseTo(report.stageMedians().headMs()
          + report.stageMedians().edgeMs() + report.prediction().transferMs(), within(1e-9));
      // the shaper never sends early and the rtt is always paid (HdrHistogram keeps 3 digits)
      assertThat(report.stageMedians().transferMs()).isGreaterThanOrEqualTo(report.prediction().transferMs() * 0.999);
      assertThat(report.endToEnd().p50Ms()).isLessThanOrEqualTo(report.endToEnd().p90Ms());
      assertThat(report.endToEnd().p90Ms()).isLessThanOrEqualTo(report.endToEnd().p99Ms());
      assertThat(report.toText()).contains("end-to-end  p50").contains("measured p50 / predicted");
      assertThat(SplitInferenceReport.markdownTable(List.of(report))).contains("| 0/" + TestModels.BLOCKS + " | "
          + cutBytes + " | 8 Mbit/s | 10.0 |");
    }
  }

  @Test
  void atCutPointBNothingIsSentAndTheLinkDoesNotMatter() throws IOException {
    try (NDManager manager = NDManager.newBaseManager();
        Network network = TestModels.network(manager)) {
      ModelArtifact head = TestModels.head(network, TestModels.BLOCKS, CutQuantization.NONE);
      SplitInferenceReport report = SplitInferenceBenchmark.run(head, (java.net.InetSocketAddress) null,
          LinkEmulation.parse("1Mbit", "100ms"), TestModels.images(2), 3, 1);
      assertThat(report.local()).isTrue();
      assertThat(report.edge()).isEqualTo("local");
      assertThat(report.prediction().transferMs()).isZero();
      assertThat(report.stageMedians().transferMs()).isZero();
      assertThat(report.endToEnd().p50Ms()).isLessThan(100);
    }
  }
}
