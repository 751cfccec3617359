package io.jointcs.events.codec;

import io.jointcs.events.CandidateEvaluationRequest;
import io.jointcs.events.CandidateEvaluationResult;
import io.jointcs.events.DeploymentPlan;
import io.jointcs.events.DeviceDescriptor;
import io.jointcs.events.DeviceRegistration;
import io.jointcs.events.DeviceTelemetry;
import io.jointcs.events.LatencyDrift;
import io.jointcs.events.LatencyPredictor;
import io.jointcs.events.LatencyStatistics;
import io.jointcs.events.LayerLatencySample;
import io.jointcs.events.ModelLatencySample;
import io.jointcs.events.ModelProfilingSample;
import io.jointcs.events.NetworkChange;
import io.jointcs.events.NetworkSample;
import io.jointcs.events.NetworkState;
import io.jointcs.events.ProfilingSample;
import io.jointcs.events.RejectedTelemetry;
import io.jointcs.events.SearchEvent;
import io.jointcs.events.SearchRequest;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * The events: the records that are encoded on their own (topic values and telemetry payloads), as
 * opposed to the helper records they contain. Each has a version history under
 * {@code schemas/history/<Name>/}; a test keeps this list and that folder in step.
 */
public final class EventTypes {
  private EventTypes() {}

  private static final List<Class<? extends SpecificRecord>> ALL = List.of(
      DeviceDescriptor.class,
      DeviceTelemetry.class,
      LayerLatencySample.class,
      ModelLatencySample.class,
      NetworkSample.class,
      RejectedTelemetry.class,
      ProfilingSample.class,
      ModelProfilingSample.class,
      NetworkState.class,
      NetworkChange.class,
      LatencyStatistics.class,
      LatencyDrift.class,
      LatencyPredictor.class,
      DeviceRegistration.class,
      SearchRequest.class,
      SearchEvent.class,
      CandidateEvaluationRequest.class,
      CandidateEvaluationResult.class,
      DeploymentPlan.class);

  /** Every event type, in a stable order. */
  public static List<Class<? extends SpecificRecord>> all() {
    return ALL;
  }

  /** The current schema of a generated record class. */
  public static Schema schemaOf(Class<? extends SpecificRecord> type) {
    return SpecificData.get().getSchema(type);
  }

  /** The event type with this full schema name, e.g. {@code io.jointcs.events.DeploymentPlan}. */
  public static Optional<Class<? extends SpecificRecord>> byFullName(String fullName) {
    return ALL.stream().filter(type -> schemaOf(type).getFullName().equals(fullName)).findFirst();
  }
}
