package io.jointcs.latency.profiling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jointcs.latency.prediction.ModelLatencyObservation;
import io.jointcs.model.Architecture;
import io.jointcs.model.LayerDescriptor;
import io.jointcs.model.LayerType;
import io.jointcs.model.ModelSpec;
import io.jointcs.model.Path;
import io.jointcs.timing.NativeAllocator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProfilerTest {
  private final Profiler profiler = new Profiler(TestLayers.fastTimer(), 7, 500);

  @AfterEach
  void restoreTestThreads() {
    EngineThreads.apply(1, 1);
  }

  @Test
  void everyLayerTypeGetsAPositiveLatencyWithSpreadAndADescribedDevice() {
    LayerDescriptor shortcut = ModelSpec.uniformlyScaled(Architecture.RESNET20, 10, 0.25).plan().layers().stream()
        .filter(l -> l.path() == Path.SHORTCUT).findFirst().orElseThrow();
    List<LayerDescriptor> layers = List.of(
        TestLayers.narrow(Architecture.RESNET20, LayerType.CONV), shortcut,
        TestLayers.narrow(Architecture.MOBILENET_V2, LayerType.DEPTHWISE_CONV),
        TestLayers.narrow(Architecture.RESNET20, LayerType.ADD),
        TestLayers.narrow(Architecture.VGG16_BN, LayerType.MAX_POOL),
        TestLayers.narrow(Architecture.RESNET20, LayerType.GLOBAL_AVG_POOL),
        TestLayers.narrow(Architecture.RESNET20, LayerType.LINEAR));

    List<LayerProfile> profiles = profiler.profileLayers(layers, DeviceClassConfig.CPU_1T, null);

    assertThat(profiles).hasSize(layers.size());
    for (int i = 0; i < layers.size(); i++) {
      LayerProfile p = profiles.get(i);
      assertThat(p.sample().layerName()).isEqualTo(layers.get(i).name());
      assertThat(p.sample().features().kind().name()).isEqualTo(layers.get(i).type().name());
      assertThat(p.placement()).isEqualTo(LayerPlacement.ISOLATED);
      assertThat(p.latencyMs()).isPositive().isFinite();
      assertThat(p.timing().relativeSpread()).isFinite().isGreaterThanOrEqualTo(0);
      assertThat(p.timing().p10Ms()).isLessThanOrEqualTo(p.latencyMs());
      assertThat(p.timing().p90Ms()).isGreaterThanOrEqualTo(p.latencyMs());
      assertThat(p.timing().runs()).isGreaterThanOrEqualTo(5);
      assertThat(p.measuredAt()).isNotBlank();
    }
    DeviceDescriptor d = profiles.get(0).device();
    assertThat(d.deviceClass()).isEqualTo("cpu-1t");
    assertThat(d.cpuModel()).isNotBlank().isNotEqualTo("unknown");
    assertThat(d.onlineCpus()).isPositive();
    assertThat(d.availableCpus()).isPositive();
    assertThat(d.cpusAllowed()).isNotBlank();
    assertThat(d.intraOpThreads()).isEqualTo(1);
    assertThat(d.interOpThreads()).isEqualTo(1);
    assertThat(d.batchSize()).isEqualTo(1);
    assertThat(d.engine()).isEqualTo("PyTorch");
    assertThat(d.engineVersion()).isNotBlank();
    assertThat(d.djlVersion()).isNotBlank();
    assertThat(d.os()).isNotBlank();
    assertThat(d.arch()).isNotBlank();
    assertThat(d.emulated()).isFalse();
    assertThat(d.emulationNote()).contains("nothing emulated").contains(NativeAllocator.state());
  }


  @Test
  void aConvolutionWithFourTimesTheMacsIsMeasurablySlower() {
    LayerDescriptor small = TestLayers.conv3x3At16(32, 32);
    LayerDescriptor large = TestLayers.conv3x3At16(64, 64);
    assertThat(large.macs()).isEqualTo(4 * small.macs());

    List<LayerProfile> p = profiler.profileLayers(List.of(small, large), DeviceClassConfig.CPU_1T, null);

    // coarse on purpose: the machine is shared, so only the direction and a clear margin are checked
    assertThat(p.get(1).latencyMs() / p.get(0).latencyMs()).isGreaterThan(1.5);
  }

  @Test
  void batchSizeOfTheDeviceClassScalesTheFeatures() {
    LayerDescriptor conv = TestLayers.narrow(Architecture.RESNET20, LayerType.CONV);

    LayerProfile p = profiler.profileLayers(List.of(conv), DeviceClassConfig.CPU_1T_B8, null).get(0);

    assertThat(p.device().batchSize()).isEqualTo(8);
    assertThat(p.sample().deviceClass()).isEqualTo("cpu-1t-b8");
    assertThat(p.sample().features().batchSize()).isEqualTo(8);
    assertThat(p.sample().features().macs()).isEqualTo(8 * conv.macs());
  }

  @Test
  void aDescriptorThatDisagreesWithTheBlockIsRefused() {
    LayerDescriptor conv = TestLayers.conv3x3At16(8, 8);
    LayerDescriptor wrong = new LayerDescriptor(conv.name(), conv.blockIndex(), conv.path(), conv.type(),
        conv.activation(), conv.inChannels(), conv.outChannels(), conv.kernel(), conv.stride(), conv.padding(),
        conv.groups(), conv.inHeight(), conv.inWidth(), 4, 4, conv.macs(), conv.params(), conv.inputGroup(),
        conv.outputGroup());

    assertThatThrownBy(() -> profiler.profileLayers(List.of(wrong), DeviceClassConfig.CPU_1T, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("output elements");
  }

  @Test
  void modelsAreProfiledLayerByLayerAndByRanges() {
    ModelSpec spec = ModelSpec.uniformlyScaled(Architecture.RESNET20, 10, 0.25);
    int blocks = spec.plan().blockCount();
    int layers = spec.plan().layers().size();

    List<ProfileRecord> records = profiler.profileModels(List.of(spec), DeviceClassConfig.CPU_1T,
        ModelProfileOptions.ALL, null);

    assertThat(records).hasSize((int) Profiler.modelUnits(List.of(spec), ModelProfileOptions.ALL));
    List<LayerProfile> layerRecords = records.stream().filter(LayerProfile.class::isInstance)
        .map(LayerProfile.class::cast).toList();
    assertThat(layerRecords).hasSize(layers).allSatisfy(l -> {
      assertThat(l.placement()).isEqualTo(LayerPlacement.IN_NETWORK);
      assertThat(l.sample().modelName()).isEqualTo(ModelNames.of(spec));
    });
    List<RangeProfile> ranges = records.stream().filter(RangeProfile.class::isInstance)
        .map(RangeProfile.class::cast).toList();
    assertThat(ranges).hasSize(1 + blocks + 2 * (blocks - 1));
    Map<RangeScope, Long> byScope = ranges.stream().collect(Collectors.groupingBy(RangeProfile::scope,
        Collectors.counting()));
    assertThat(byScope).containsEntry(RangeScope.MODEL, 1L).containsEntry(RangeScope.BLOCK, (long) blocks)
        .containsEntry(RangeScope.HEAD, (long) blocks - 1).containsEntry(RangeScope.TAIL, (long) blocks - 1);

    RangeProfile model = ranges.stream().filter(r -> r.scope() == RangeScope.MODEL).findFirst().orElseThrow();
    assertThat(model.layerCount()).isEqualTo(layers);
    assertThat(model.macs()).isEqualTo(spec.plan().macs());
    double layerSum = layerRecords.stream().mapToDouble(LayerProfile::latencyMs).sum();
    assertThat(model.layerSumMs()).isCloseTo(layerSum, org.assertj.core.data.Percentage.withPercentage(1e-6));
    // the same work run as one pass or layer by layer; bounds wide enough for a machine shared with a training run
    assertThat(model.latencyMs() / model.layerSumMs()).isBetween(0.1, 20.0);

    Function<Integer, RangeProfile> head = c -> ranges.stream()
        .filter(r -> r.scope() == RangeScope.HEAD && r.toCut() == c).findFirst().orElseThrow();
    Function<Integer, RangeProfile> tail = c -> ranges.stream()
        .filter(r -> r.scope() == RangeScope.TAIL && r.fromCut() == c).findFirst().orElseThrow();
    for (int c = 1; c < blocks; c++) {
      assertThat(head.apply(c).macs() + tail.apply(c).macs()).isEqualTo(model.macs());
      assertThat(head.apply(c).layerCount() + tail.apply(c).layerCount()).isEqualTo(layers);
    }
    ModelLatencyObservation observation = model.toObservation();
    assertThat(observation.layerCount()).isEqualTo(layers);
    assertThat(observation.latencyMs()).isEqualTo(model.latencyMs());
  }

  @Test
  void threadSettingsAreAppliedAndRecordedAsTheEngineReportsThem() {
    DeviceDescriptor twoThreads = profiler.prepare(DeviceClassConfig.CPU_2T);

    assertThat(twoThreads.intraOpThreads()).isEqualTo(2);
    assertThat(EngineThreads.current()).isEqualTo(new ThreadSettings(2, 1));
    assertThat(System.getProperty(EngineThreads.NUM_THREADS)).isEqualTo("2");
  }

  @Test
  void interOpThreadsCannotChangeOnceTheEngineRuns() {
    EngineThreads.current();

    assertThatThrownBy(() -> EngineThreads.apply(1, 2))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("fresh JVM");
    assertThat(EngineThreads.current().interOp()).isEqualTo(1);
  }
}
