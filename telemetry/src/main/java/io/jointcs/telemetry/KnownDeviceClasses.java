package io.jointcs.telemetry;

import io.jointcs.events.DeviceRegistration;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Which device classes telemetry may claim. A class is known when the operator configured it, or when the
 * device sending the telemetry registered itself with that class on {@code jointcs.devices}. A registered
 * device must send telemetry for its registered class: a device registered as one class cannot train the
 * predictor of another.
 *
 * @param configured classes accepted from any device (e.g. the classes of the fleet, or of the demo)
 */
public record KnownDeviceClasses(Set<String> configured) {
  public KnownDeviceClasses {
    configured = Set.copyOf(configured);
  }

  /**
   * Why the claimed class is not acceptable, or empty when it is.
   *
   * @param registrations the current registration of a device id, or null when it has none
   */
  public Optional<String> problem(String deviceId, String claimedClass,
      Function<String, DeviceRegistration> registrations) {
    DeviceRegistration registration = registrations.apply(deviceId);
    if (registration != null) {
      String registered = registration.getDevice().getDeviceClass();
      return registered.equals(claimedClass) ? Optional.empty()
          : Optional.of("device " + deviceId + " is registered as class '" + registered + "' but its telemetry "
              + "claims class '" + claimedClass + "'");
    }
    if (configured.contains(claimedClass)) {
      return Optional.empty();
    }
    return Optional.of("device class '" + claimedClass + "' is unknown: device " + deviceId + " is not registered "
        + "on jointcs.devices and the class is not one of the configured " + configured);
  }
}
