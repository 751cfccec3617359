package io.jointcs.latency.prediction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PredictorCodecTest {
  private static List<LayerLatencySample> train;
  private static List<LayerFeatures> queries;
  private static ValidationMetrics metrics = new ValidationMetrics(0.12, 0.034, 0.71, 0.93, 400, 100);

  @BeforeAll
  static void data() {
    train = SyntheticLayers.samples("pixel4", 300, 0.02, 1.0, 21);
    queries = SyntheticLayers.samples("pixel4", 50, 0.0, 1.0, 22).stream().map(LayerLatencySample::features).toList();
  }

  private static void assertRoundTrip(LatencyPredictor p) {
    byte[] bytes = PredictorCodec.encode(new TrainedPredictor(p, 7, metrics));
    TrainedPredictor back = PredictorCodec.decode(bytes, p.featureSet().id());
    assertThat(back.version()).isEqualTo(7);
    assertThat(back.metrics()).isEqualTo(metrics);
    assertThat(back.predictor().deviceClass()).isEqualTo(p.deviceClass());
    assertThat(back.predictor().kind()).isEqualTo(p.kind());
    assertThat(back.predictor().overhead()).isEqualTo(p.overhead());
    assertThat(back.predictor().predictEach(queries)).isEqualTo(p.predictEach(queries));
  }

  @Test
  void everyKindRoundTripsToTheSamePredictions() {
    InvocationOverhead overhead = new InvocationOverhead(1.5, 0.01, 0.1);
    assertRoundTrip(MacsLinearPredictor.train(train, 1.5).withOverhead(overhead));
    assertRoundTrip(LookupTablePredictor.train(train, 1.5));
    BoostedTreesPredictor trees = BoostedTreesPredictor.train(train, BoostedTreesConfig.gradientBoosted());
    assertRoundTrip(trees.withOverhead(overhead));
    assertRoundTrip(BoostedTreesPredictor.train(train, BoostedTreesConfig.randomForest()));
    List<LayerLatencySample> target = SyntheticLayers.samples("s10", 30, 0.02, 2.0, 23);
    assertRoundTrip(AdaptedPredictor.adapt(trees, target, CorrectionMode.RESIDUAL_TREES));
    assertRoundTrip(AdaptedPredictor.adapt(trees, target, CorrectionMode.SCALE_PER_GROUP));
    List<LayerLatencySample> batchEight = target.stream().map(s -> new LayerLatencySample("s10-b8",
        s.features().withBatchSize(8), 5 * s.latencyMs(), s.modelName(), s.layerName())).toList();
    assertRoundTrip(AdaptedPredictor.adapt(trees, 1, batchEight, CorrectionMode.SCALE));
  }

  @Test
  void anAdaptedPredictorWrittenBeforeTheBaseBatchSizeExistedAsksTheBaseAtEachLayersBatch() throws IOException {
    BoostedTreesPredictor trees = BoostedTreesPredictor.train(train, BoostedTreesConfig.gradientBoosted());
    AdaptedPredictor adapted = AdaptedPredictor.adapt(trees, SyntheticLayers.samples("s10", 30, 0.02, 2.0, 23),
        CorrectionMode.SCALE);
    byte[] bytes = PredictorCodec.encode(new TrainedPredictor(adapted, 1, metrics));
    String json = gunzipBody(bytes);
    assertThat(json).contains("\"baseBatchSize\":0");
    AdaptedPredictor old = (AdaptedPredictor) PredictorCodec.decode(withBody(bytes,
        json.replace(",\"baseBatchSize\":0", ""))).predictor();
    assertThat(old.baseBatchSize()).isZero();
    assertThat(old.predictEach(queries)).isEqualTo(adapted.predictEach(queries));
  }

  @Test
  void aPredictorOfAnotherFeatureSetIsRejected() {
    BoostedTreesPredictor trees = BoostedTreesPredictor.train(train, BoostedTreesConfig.gradientBoosted());
    byte[] bytes = PredictorCodec.encode(new TrainedPredictor(trees, 1, metrics));
    assertThatThrownBy(() -> PredictorCodec.decode(bytes, FeatureSets.LAYER_LOG.id()))
        .isInstanceOf(IncompatiblePredictorException.class)
        .hasMessageContaining("trained with feature set layer-log-gpu v1, but layer-log v1 is required");
  }

  @Test
  void aFeatureSetThisBuildDoesNotImplementIsRejected() throws IOException {
    byte[] bytes = PredictorCodec.encode(new TrainedPredictor(MacsLinearPredictor.train(train, 1.5), 1, metrics));
    String json = gunzipBody(bytes).replace("\"featureSetVersion\":1", "\"featureSetVersion\":2");
    assertThatThrownBy(() -> PredictorCodec.decode(withBody(bytes, json)))
        .isInstanceOf(IncompatiblePredictorException.class)
        .hasMessageContaining("feature set macs-bytes v2 is not implemented by this build");
  }

  @Test
  void anUnknownKindIsRejected() throws IOException {
    byte[] bytes = PredictorCodec.encode(new TrainedPredictor(MacsLinearPredictor.train(train, 1.5), 1, metrics));
    String json = gunzipBody(bytes).replace("\"LINEAR_REGRESSION\"", "\"MLP\"");
    assertThatThrownBy(() -> PredictorCodec.decode(withBody(bytes, json)))
        .isInstanceOf(IncompatiblePredictorException.class)
        .hasMessageContaining("predictor kind 'MLP'");
  }

  @Test
  void truncatedOrForeignBytesAreRejected() {
    byte[] bytes = PredictorCodec.encode(new TrainedPredictor(MacsLinearPredictor.train(train, 1.5), 1, metrics));
    assertThatThrownBy(() -> PredictorCodec.decode(Arrays.copyOf(bytes, bytes.length / 2)))
        .hasMessageContaining("truncated or corrupt");
    assertThatThrownBy(() -> PredictorCodec.decode("hello world".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("do not start with JCLP");
    byte[] future = bytes.clone();
    future[7] = 9;
    assertThatThrownBy(() -> PredictorCodec.decode(future))
        .isInstanceOf(IncompatiblePredictorException.class)
        .hasMessageContaining("format version 9");
  }

  private static String gunzipBody(byte[] bytes) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes, 8, bytes.length - 8))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static byte[] withBody(byte[] original, String json) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(original, 0, 8);
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(json.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }
}
