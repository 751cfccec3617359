package io.jointcs.telemetry;

import io.jointcs.events.ModelProfilingSample;
import io.jointcs.events.NetworkSample;
import io.jointcs.events.ProfilingSample;
import io.jointcs.events.RejectedTelemetry;
import io.jointcs.events.RejectionReason;

/** What one raw telemetry record became: exactly one of these, never none. */
public sealed interface Outcome {

  /** Kafka key of the record this outcome is written as. */
  String key();

  /** A valid layer measurement: a training example of its device class' predictor (key: device class). */
  record Sample(ProfilingSample sample) implements Outcome {
    @Override
    public String key() {
      return sample.getDeviceClass();
    }
  }

  /**
   * A valid network measurement, for the device's smoothed network state (key: device id).
   *
   * @param measuredAtEpochMs device clock of the measurement. Unit: epoch ms.
   */
  record Network(String deviceId, NetworkSample sample, long measuredAtEpochMs) implements Outcome {
    @Override
    public String key() {
      return deviceId;
    }
  }

  /**
   * A valid whole-model, head, tail or end-to-end split measurement: data for the invocation overhead and the
   * whole-model hold-out of its device class' predictor (key: device class).
   */
  record ModelLatency(ModelProfilingSample sample) implements Outcome {
    @Override
    public String key() {
      return sample.getDeviceClass();
    }
  }

  /** Telemetry that could not be decoded or failed validation (key: device id, or 'unknown'). */
  record Rejected(String key, RejectedTelemetry rejection) implements Outcome {
    public RejectionReason reason() {
      return rejection.getReason();
    }
  }

  /** Key of rejected telemetry whose device is not known. */
  String UNKNOWN_DEVICE = "unknown";
}
