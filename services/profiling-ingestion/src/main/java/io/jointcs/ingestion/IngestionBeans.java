package io.jointcs.ingestion;

import io.jointcs.telemetry.DriftDetector;
import io.jointcs.telemetry.KnownDeviceClasses;
import io.jointcs.telemetry.NetworkSmoothing;
import io.jointcs.telemetry.TelemetryValidator;
import io.jointcs.telemetry.ValidationLimits;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.Topology;
import org.jboss.logging.Logger;

/**
 * Builds the service's parts from configuration. The Kafka Streams topology (reads jointcs.telemetry.raw,
 * jointcs.devices, jointcs.predictors; writes jointcs.profiling.samples, jointcs.telemetry.rejected,
 * jointcs.latency.statistics, jointcs.latency.drift, jointcs.network.state, jointcs.network.changes) is
 * {@link IngestionTopology#build}; Quarkus runs it.
 */
// producers are @Singleton: records and final classes cannot be client-proxied
@ApplicationScoped
public class IngestionBeans {
  private static final Logger LOG = Logger.getLogger(IngestionBeans.class);

  @Produces
  @Singleton
  TopologySettings settings(IngestionConfig config) {
    ValidationLimits limits = ValidationLimits.defaults().withMaxRecordBytes(config.maxRecordBytes());
    Set<String> classes = Set.copyOf(config.deviceClasses().orElse(List.of()));
    return new TopologySettings(
        new TelemetryValidator(limits, new KnownDeviceClasses(classes)),
        config.statistics().window(), config.statistics().grace(),
        new NetworkSmoothing(config.network().smoothingFactor(), config.network().changeThreshold(),
            config.network().stepSamples()),
        new DriftDetector(config.drift().threshold(), config.drift().minSamples()));
  }

  @Produces
  @Singleton
  Topology topology(TopologySettings settings, IngestionMetrics metrics) {
    return IngestionTopology.build(settings, metrics);
  }

  @Produces
  @Singleton
  DeviceTokens deviceTokens(IngestionConfig config) {
    DeviceTokens tokens = DeviceTokens.of(config.deviceTokens(), config.deviceTokensFile());
    if (tokens.size() == 0) {
      LOG.warn("no device tokens configured (jointcs.ingestion.device-tokens.<device id> or "
          + "jointcs.ingestion.device-tokens-file): POST /telemetry answers 401 to everyone");
    } else {
      LOG.infof("%d device tokens configured", tokens.size());
    }
    return tokens;
  }
}
