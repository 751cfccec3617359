package io.jointcs.orchestration;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointcs.events.PlanReason;
import io.jointcs.model.Architecture;
import io.jointcs.model.ModelSpec;
import io.jointcs.plans.DeployableModel;
import io.jointcs.plans.DevicePlan;
import io.jointcs.plans.Resegmentation;
import io.jointcs.search.NetworkLink;
import io.jointcs.segmentation.CutQuantization;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Plan reactions without Kafka: plans after a search, re-segmentation past the hysteresis, none on a wobble. */
class PlanBookTest {
  private static final ModelSpec SLIM = ModelSpec.uniformlyScaled(Architecture.fromId("resnet20"), 10, 0.75);
  private static final PlanBook.CompletedSeries SERIES = new PlanBook.CompletedSeries("search-1", List.of("pi"),
      "edge", 60, List.of(
          new DeployableModel("s0", "search-1", Fixtures.BASE, CutQuantization.NONE, 0.91, Fixtures.sha("m0")),
          new DeployableModel("s3", "search-1", SLIM, CutQuantization.NONE, 0.89, Fixtures.sha("m3"))));
  private static final NetworkLink FAST = NetworkLink.ofMbps("measured", 50, 10);
  private static final NetworkLink SLOW = NetworkLink.ofMbps("measured", 0.5, 10);

  private PlanBook book() {
    PlanBook book = new PlanBook(0.05, () -> Fixtures.MODELS);
    book.registered(new PlanBook.Device("pi-1", "pi", false));
    book.registered(new PlanBook.Device("jetson-1", "jetson", false));
    book.registered(new PlanBook.Device("pi-2", "pi", false));
    book.network("pi-1", FAST);
    book.network("jetson-1", FAST);
    book.searchCompleted(SERIES);
    return book;
  }

  @Test
  void aCompletedSearchPlansEveryDeviceOfItsClassesWhoseNetworkIsKnown() {
    // Given devices of two classes, one pi without a network state yet
    PlanBook book = book();

    // When the search of class pi completes
    List<DevicePlan> plans = book.plansFor(SERIES, 1_000);

    // Then only pi-1 gets a plan, version 1, for its network
    assertThat(plans).extracting(DevicePlan::deviceId).containsExactly("pi-1");
    DevicePlan plan = plans.get(0);
    assertThat(plan.version()).isEqualTo(1);
    assertThat(plan.reason()).isEqualTo(PlanReason.SEARCH_COMPLETED);
    assertThat(plan.assumedNetwork()).isEqualTo(FAST);
    assertThat(plan.reasonText()).contains("search search-1 completed");

    // and pi-2 gets its first plan from that search once its network appears
    book.network("pi-2", SLOW);
    assertThat(book.initialPlan("pi-2", 2_000)).hasValueSatisfying(p -> {
      assertThat(p.reason()).isEqualTo(PlanReason.INITIAL);
      assertThat(p.version()).isEqualTo(1);
    });
    assertThat(book.initialPlan("jetson-1", 2_000)).isEmpty();
  }

  @Test
  void aBandwidthDropMovesTheCutAndAWobbleDoesNot() {
    // Given pi-1 running its plan made for a fast uplink
    PlanBook book = book();
    DevicePlan first = book.plansFor(SERIES, 1_000).get(0);
    book.published(first);

    // When its bandwidth drops a hundredfold
    Resegmentation drop = book.networkChanged("pi-1", SLOW, "bandwidth 6.25 -> 0.06 MB/s", 2_000).orElseThrow();

    // Then a new plan, version 2, moves the cut towards the device and says why
    assertThat(drop.changed()).isTrue();
    DevicePlan second = drop.newPlan();
    assertThat(second.version()).isEqualTo(2);
    assertThat(second.reason()).isEqualTo(PlanReason.NETWORK_CHANGE);
    assertThat(second.cut().cutPoint()).isGreaterThan(first.cut().cutPoint());
    assertThat(second.model()).isEqualTo(first.model());
    assertThat(drop.improvementRatio()).isGreaterThan(0.05);
    assertThat(second.reasonText()).contains("bandwidth 6.25 -> 0.06 MB/s").contains("moved the cut");
    book.published(second);

    // When the bandwidth then wobbles by 3%
    NetworkLink wobble = new NetworkLink("measured", SLOW.uplinkBytesPerSec() * 1.03, SLOW.rttMs());
    Resegmentation small = book.networkChanged("pi-1", wobble, "bandwidth wobble", 3_000).orElseThrow();

    // Then no new plan is issued, and the comparison is explained
    assertThat(small.changed()).isFalse();
    assertThat(small.explanation()).contains("plan 2 kept");
    assertThat(book.plan("pi-1")).contains(second);
  }

  @Test
  void aNewPredictorVersionReSegmentsOnlyDevicesThatUseTheClass() {
    // Given pi-1 planned
    PlanBook book = book();
    book.published(book.plansFor(SERIES, 1_000).get(0));

    // When predictors of an unrelated class and of the edge class change
    List<Resegmentation> unrelated = book.predictorUpdated("jetson", 2, 2_000);
    List<Resegmentation> edge = book.predictorUpdated("edge", 2, 2_000);

    // Then only the edge update looks at pi-1 (same models here: nothing to move)
    assertThat(unrelated).isEmpty();
    assertThat(edge).hasSize(1);
    assertThat(edge.get(0).changed()).isFalse();
  }
}
