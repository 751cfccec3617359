package io.jointcs.latency.prediction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InvocationOverheadFitTest {
  private static final double MB = 1 << 20;

  /** Whole models and heads of synthetic models whose overhead follows a known CPU law. */
  private static List<ModelLatencyObservation> cpuLaw(int models, double constant, double perLayer, double perParamMb,
      double perOutputMb, double noise, long seed) {
    Random r = new Random(seed);
    List<ModelLatencyObservation> out = new ArrayList<>();
    for (int m = 0; m < models; m++) {
      for (int part = 1; part <= 3; part++) {
        int layers = 5 + r.nextInt(60);
        long params = (long) (r.nextDouble() * 12 * MB);
        long outputs = (long) (r.nextDouble() * 6 * MB);
        double sum = 0.5 + 10 * r.nextDouble();
        double overhead = constant + perLayer * layers + perParamMb * params / MB + perOutputMb * outputs / MB;
        double measured = (sum + overhead) * (1 + noise * r.nextGaussian());
        out.add(new ModelLatencyObservation("model" + m, layers, sum, measured, params, outputs));
      }
    }
    return out;
  }

  @Test
  void recoversAKnownNonNegativeCpuLaw() {
    InvocationOverhead fit = InvocationOverhead.fit(cpuLaw(8, 0.05, 0.004, 0.07, 0.16, 0, 1),
        InvocationOverhead.Term.CPU);
    assertThat(fit.constantMs()).isCloseTo(0.05, within(1e-6));
    assertThat(fit.perLayerMs()).isCloseTo(0.004, within(1e-7));
    assertThat(fit.perParamMbMs()).isCloseTo(0.07, within(1e-6));
    assertThat(fit.perOutputMbMs()).isCloseTo(0.16, within(1e-6));
    assertThat(fit.sumFraction()).isZero();
  }

  @Test
  void everyTermStaysNonNegativeWhereOrdinaryLeastSquaresGoesNegative() {
    // models that run faster than their layers' sum by a share: unconstrained, the fit wants negative terms
    List<ModelLatencyObservation> obs = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      double sum = i;
      obs.add(new ModelLatencyObservation("m" + i, 10 * i, sum, 0.8 * sum + 0.3, 1000L * i, 2000L * i));
    }
    for (Set<InvocationOverhead.Term> terms : List.of(InvocationOverhead.Term.PHONE, InvocationOverhead.Term.CPU,
        EnumSet.allOf(InvocationOverhead.Term.class))) {
      InvocationOverhead fit = InvocationOverhead.fit(obs, terms);
      assertThat(fit.nonNegative()).as("terms %s: %s", terms, fit).isTrue();
    }
  }

  @Test
  void noisyObservationsGiveCloseNonNegativeTerms() {
    InvocationOverhead fit = InvocationOverhead.fit(cpuLaw(12, 0.05, 0.004, 0.07, 0.16, 0.01, 2),
        InvocationOverhead.Term.CPU);
    assertThat(fit.nonNegative()).isTrue();
    assertThat(fit.perOutputMbMs()).isCloseTo(0.16, within(0.08));
  }

  @Test
  void theOriginalThreeTermLawIsStillRecovered() {
    List<ModelLatencyObservation> obs = new ArrayList<>();
    for (int i = 1; i <= 8; i++) {
      int layers = 10 * i;
      double sum = 3.0 * i + (i % 3);
      obs.add(new ModelLatencyObservation("m" + i, layers, sum, sum + 1.2 + 0.02 * layers + 0.1 * sum));
    }
    InvocationOverhead fit = InvocationOverhead.fit(obs);
    assertThat(fit.constantMs()).isCloseTo(1.2, within(1e-6));
    assertThat(fit.perLayerMs()).isCloseTo(0.02, within(1e-6));
    assertThat(fit.sumFraction()).isCloseTo(0.1, within(1e-6));
  }

  @Test
  void byteTermsNeedByteCountsAndCountOnlyUseRefusesThem() {
    List<ModelLatencyObservation> noBytes = List.of(new ModelLatencyObservation("a", 3, 1, 2),
        new ModelLatencyObservation("b", 4, 1, 2), new ModelLatencyObservation("c", 5, 1, 2),
        new ModelLatencyObservation("d", 6, 1, 2));
    assertThatThrownBy(() -> InvocationOverhead.fit(noBytes, InvocationOverhead.Term.CPU))
        .hasMessageContaining("byte");
    InvocationOverhead withBytes = new InvocationOverhead(0, 0, 0, 0.1, 0.0);
    assertThatThrownBy(() -> withBytes.overheadMs(3, 1.0)).isInstanceOf(IllegalStateException.class);
    assertThat(withBytes.overheadMs(new ModelLatencyObservation("a", 3, 1, 2, (long) MB, 10)))
        .isCloseTo(0.1, within(1e-12));
  }

  @Test
  void selectionUsesOnlyTheTrainingObservationsItIsGiven() {
    List<ModelLatencyObservation> training = cpuLaw(6, 0.05, 0.004, 0.07, 0.16, 0.002, 3);
    OverheadFit.Selection s = OverheadFit.select(training, OverheadFit.cpuCandidates());
    // the law has byte terms: cross-validation over the training models finds them
    assertThat(s.terms()).isEqualTo(InvocationOverhead.Term.CPU);
    assertThat(s.models()).isEqualTo(6);
    assertThat(s.overhead()).isEqualTo(InvocationOverhead.fit(training, s.terms()));
    assertThat(s.crossValidatedMape()).hasSize(3).allSatisfy((k, v) -> assertThat(v).isFinite());
    Map<String, Double> cv = s.crossValidatedMape();
    assertThat(cv.get(InvocationOverhead.Term.CPU.toString())).isLessThan(cv.get(InvocationOverhead.Term.PHONE
        .toString()));
    assertThatThrownBy(() -> OverheadFit.select(training.subList(0, 6), OverheadFit.cpuCandidates()))
        .hasMessageContaining("at least 3 training models");
  }

  @Test
  void invocationPredictionAddsTheByteTermsOfItsLayers() {
    LayerFeatures f = new LayerFeatures(LayerKind.CONV, "CONV", 16, 16, 3, 1, 1, 1, 32, 32, 32, 32, 1, 2359296, 2320,
        65536, 65536);
    InvocationOverhead o = new InvocationOverhead(0.1, 0.01, 0, 1.0, 2.0);
    double expected = 0.1 + 0.02 + 1.0 * 2 * 2320 * 4 / MB + 2.0 * 2 * 65536 / MB;
    assertThat(o.overheadMs(List.of(f, f), 1.0)).isCloseTo(expected, within(1e-12));
  }
}
