package io.jointcs.trainer;

import io.jointcs.events.LatencyPredictor;
import io.jointcs.events.LayerType;
import io.jointcs.latency.prediction.AccuracyMetrics;
import io.jointcs.latency.prediction.LayerFeatures;
import io.jointcs.latency.prediction.Prediction;
import io.jointcs.latency.telemetry.LayerTelemetry;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Predictor metadata, metrics and predictions per device class. Errors are {@code {"error": "..."}}. */
@Path("/predictors")
@Produces(MediaType.APPLICATION_JSON)
public class PredictorResource {

  @Inject
  PredictorCatalog catalog;

  @Inject
  TrainingSets sets;

  /** Metadata of a published predictor. createdAt is UTC; counts are samples. */
  public record PredictorView(long version, String kind, String featureSet, int featureSetVersion,
      boolean emulated, Instant createdAt, long trainingSampleCount, long validationSampleCount, double mape,
      double within10Pct, int modelBytes, String unusableReason) {}

  /** What this instance holds of a class' training data (absent when another instance owns the class). */
  public record TrainingSetView(int trainingSamples, int holdoutSamples, long trainingArrivals) {}

  /**
   * The class's whole-model, head and tail measurements here (every instance reads them all): training models fit
   * the invocation overhead, held-out models judge it. Counts are samples.
   */
  public record ModelSamplesView(int trainingSamples, int holdoutSamples) {}

  public record ClassView(String deviceClass, PredictorView predictor, TrainingSetView trainingSet,
      Attempt lastAttempt, ModelSamplesView modelSamples) {}

  /** Hold-out metrics of the published version, and of the last attempt's candidate and incumbent. */
  public record MetricsView(String deviceClass, Long version, Map<String, Object> published, Attempt lastAttempt) {}

  /**
   * A layer as the events describe it ({@code LayerFeatures} of docs/events.md): layerType is a LayerType symbol;
   * sizes in channels and pixels, macs in MACs, bytes in bytes, all for the whole batch.
   */
  public record LayerRequest(String layerType, Integer inChannels, Integer outChannels, Integer kernelSize,
      Integer stride, Integer padding, Integer groups, Integer inputHeight, Integer inputWidth, Integer outputHeight,
      Integer outputWidth, Integer batchSize, Long macs, Long params, Long inputBytes, Long outputBytes) {}

  /** A predicted layer latency. Unit of latencyMs: ms. */
  public record PredictionView(String deviceClass, long version, double latencyMs, boolean extrapolated,
      String detail) {}

  @GET
  @Operation(summary = "Every device class with a predictor or training data here")
  public List<ClassView> list() {
    TreeSet<String> names = new TreeSet<>(catalog.all().keySet());
    names.addAll(sets.all().keySet());
    names.addAll(sets.modelClasses());
    List<ClassView> out = new ArrayList<>();
    names.forEach(n -> out.add(view(n)));
    return out;
  }

  @GET
  @Path("/{deviceClass}")
  @Operation(summary = "Version, feature set, metrics and training sample count of one class")
  @APIResponse(responseCode = "404", description = "no predictor and no training data for the class")
  public ClassView one(@PathParam("deviceClass") String deviceClass) {
    ClassView v = view(deviceClass);
    if (v.predictor() == null && v.trainingSet() == null && v.modelSamples() == null) {
      throw error(Response.Status.NOT_FOUND, "no predictor and no training data for device class '"
          + deviceClass + "'");
    }
    return v;
  }

  @GET
  @Path("/{deviceClass}/metrics")
  @Operation(summary = "Hold-out metrics of the published version and of the last retraining attempt")
  @APIResponse(responseCode = "404", description = "the class has neither a predictor nor an attempt")
  public MetricsView metrics(@PathParam("deviceClass") String deviceClass) {
    var current = catalog.current(deviceClass);
    Attempt attempt = sets.get(deviceClass).flatMap(TrainingSets.ClassState::lastAttempt).orElse(null);
    if (current.isEmpty() && attempt == null) {
      throw error(Response.Status.NOT_FOUND, "device class '" + deviceClass + "' has no predictor and no "
          + "retraining attempt yet");
    }
    Map<String, Object> published = current.map(c -> {
      var m = c.event().getMetrics();
      return Map.<String, Object>of("rmseMs", m.getRmseMs(), "mape", m.getMape(), "within5Pct", m.getWithin5Pct(),
          "within10Pct", m.getWithin10Pct(), "trainingSampleCount", m.getTrainingSampleCount(),
          "validationSampleCount", m.getValidationSampleCount());
    }).orElse(null);
    return new MetricsView(deviceClass, current.map(c -> c.event().getVersion()).orElse(null), published, attempt);
  }

  @POST
  @Path("/{deviceClass}/predict")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Predicted latency of one layer on the class' current predictor")
  @APIResponse(responseCode = "400", description = "missing or invalid layer features")
  @APIResponse(responseCode = "404", description = "no predictor for the class")
  @APIResponse(responseCode = "409", description = "the predictor cannot be used by this build")
  public PredictionView predict(@PathParam("deviceClass") String deviceClass, LayerRequest layer) {
    PredictorCatalog.Current current = catalog.current(deviceClass).orElseThrow(() -> error(
        Response.Status.NOT_FOUND, "no predictor for device class '" + deviceClass + "'"));
    if (current.trained() == null) {
      throw error(Response.Status.CONFLICT, "the predictor of '" + deviceClass + "' cannot be used by this build: "
          + current.problem());
    }
    LayerFeatures features = features(layer);
    Prediction p;
    try {
      p = current.trained().predictor().predict(features);
    } catch (IllegalArgumentException e) {
      throw error(Response.Status.BAD_REQUEST, e.getMessage());
    }
    return new PredictionView(deviceClass, current.event().getVersion(), p.latencyMs(), p.extrapolated(),
        p.detail());
  }

  private ClassView view(String deviceClass) {
    PredictorView predictor = catalog.current(deviceClass).map(PredictorResource::predictorView).orElse(null);
    var state = sets.get(deviceClass);
    TrainingSetView set = state.map(s -> new TrainingSetView(s.set().trainingSize(), s.set().holdoutSize(),
        s.set().trainingArrivals())).orElse(null);
    ModelSamplesView models = sets.modelSet(deviceClass)
        .map(m -> new ModelSamplesView(m.trainingSize(), m.holdoutSize())).orElse(null);
    return new ClassView(deviceClass, predictor, set, state.flatMap(TrainingSets.ClassState::lastAttempt)
        .orElse(null), models);
  }

  private static PredictorView predictorView(PredictorCatalog.Current c) {
    LatencyPredictor e = c.event();
    return new PredictorView(e.getVersion(), e.getKind().name(), e.getFeatureSetName(), e.getFeatureSetVersion(),
        e.getEmulated(), Instant.ofEpochMilli(e.getCreatedAtEpochMs()), e.getMetrics().getTrainingSampleCount(),
        e.getMetrics().getValidationSampleCount(), e.getMetrics().getMape(), e.getMetrics().getWithin10Pct(),
        e.getModelBytes().remaining(), c.problem());
  }

  static LayerFeatures features(LayerRequest r) {
    if (r == null) {
      throw error(Response.Status.BAD_REQUEST, "a JSON object with the layer features is required");
    }
    List<String> missing = new ArrayList<>();
    Object[] values = {r.layerType(), r.inChannels(), r.outChannels(), r.kernelSize(), r.stride(), r.padding(),
        r.groups(), r.inputHeight(), r.inputWidth(), r.outputHeight(), r.outputWidth(), r.batchSize(), r.macs(),
        r.params(), r.inputBytes(), r.outputBytes()};
    String[] names = {"layerType", "inChannels", "outChannels", "kernelSize", "stride", "padding", "groups",
        "inputHeight", "inputWidth", "outputHeight", "outputWidth", "batchSize", "macs", "params", "inputBytes",
        "outputBytes"};
    for (int i = 0; i < values.length; i++) {
      if (values[i] == null) {
        missing.add(names[i]);
      }
    }
    if (!missing.isEmpty()) {
      throw error(Response.Status.BAD_REQUEST, "missing layer features: " + String.join(", ", missing));
    }
    LayerType type;
    try {
      type = LayerType.valueOf(r.layerType());
    } catch (IllegalArgumentException e) {
      throw error(Response.Status.BAD_REQUEST, "unknown layerType '" + r.layerType() + "'; known: "
          + Arrays.toString(LayerType.values()));
    }
    try {
      return LayerTelemetry.toFeatures(io.jointcs.events.LayerFeatures.newBuilder()
          .setLayerType(type).setInChannels(r.inChannels()).setOutChannels(r.outChannels())
          .setKernelSize(r.kernelSize()).setStride(r.stride()).setPadding(r.padding()).setGroups(r.groups())
          .setInputHeight(r.inputHeight()).setInputWidth(r.inputWidth()).setOutputHeight(r.outputHeight())
          .setOutputWidth(r.outputWidth()).setBatchSize(r.batchSize()).setMacs(r.macs()).setParams(r.params())
          .setInputBytes(r.inputBytes()).setOutputBytes(r.outputBytes()).build());
    } catch (IllegalArgumentException e) {
      throw error(Response.Status.BAD_REQUEST, e.getMessage());
    }
  }

  static WebApplicationException error(Response.Status status, String message) {
    return new WebApplicationException(message, Response.status(status).type(MediaType.APPLICATION_JSON)
        .entity(Map.of("error", message)).build());
  }
}
