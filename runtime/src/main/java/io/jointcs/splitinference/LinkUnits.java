package io.jointcs.splitinference;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and prints link figures the way operators write them: bandwidths in bits or bytes per
 * second with decimal prefixes (k = 1000, as network rates are quoted), durations in ms or s.
 */
public final class LinkUnits {
  public static final String BANDWIDTH_FORMS = "a number of bytes/s (e.g. 125000), or a number with a unit: "
      + "bit, kbit, Mbit, Gbit (bits/s) or B, kB, MB, GB (bytes/s), optionally followed by /s "
      + "(e.g. 10Mbit, 1.5Mbit/s, 500kbit, 2MB/s), or 'unlimited'";
  public static final String DURATION_FORMS = "a number with a unit: us, ms or s (e.g. 20ms, 0.02s, 500us)";

  // number, then optionally a decimal prefix, a unit and "/s"
  private static final Pattern BANDWIDTH =
      Pattern.compile("([0-9]+(?:\\.[0-9]*)?(?:[eE][+-]?[0-9]+)?)\\s*(?:([kKmMgG]?)(bit|Bit|BIT|B)(?:/s)?)?");
  private static final Pattern DURATION = Pattern.compile("([0-9]+(?:\\.[0-9]*)?(?:[eE][+-]?[0-9]+)?)\\s*(us|ms|s)");

  private LinkUnits() {}

  /**
   * Bytes per second of a bandwidth such as {@code 10Mbit}, {@code 1.5Mbit/s}, {@code 500kbit},
   * {@code 2MB/s} or {@code 125000}; {@code unlimited} is +infinity (no shaping).
   *
   * @throws IllegalArgumentException naming the value and the accepted forms
   */
  public static double parseBandwidthBytesPerSec(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("missing bandwidth; accepted: " + BANDWIDTH_FORMS);
    }
    String trimmed = text.trim();
    if (trimmed.equalsIgnoreCase("unlimited")) {
      return Double.POSITIVE_INFINITY;
    }
    Matcher m = BANDWIDTH.matcher(trimmed);
    if (!m.matches()) {
      // "10mb", "10Mbps": lower-case b and bps are read as bits by some tools and bytes by others
      throw new IllegalArgumentException("bad bandwidth '" + text + "'; accepted: " + BANDWIDTH_FORMS);
    }
    double number = Double.parseDouble(m.group(1));
    double bytesPerSec = number;
    if (m.group(3) != null) {
      double factor = switch (m.group(2).toLowerCase(Locale.ROOT)) {
        case "k" -> 1e3;
        case "m" -> 1e6;
        case "g" -> 1e9;
        default -> 1;
      };
      boolean bits = !m.group(3).equals("B");
      bytesPerSec = number * factor / (bits ? 8 : 1);
    }
    if (!(bytesPerSec > 0) || !Double.isFinite(bytesPerSec)) {
      throw new IllegalArgumentException("bandwidth '" + text + "' must be finite and > 0; accepted: "
          + BANDWIDTH_FORMS);
    }
    return bytesPerSec;
  }

  /**
   * Milliseconds of a duration such as {@code 20ms}, {@code 0.02s} or {@code 500us}; a bare number
   * is refused because its unit would be a guess.
   *
   * @throws IllegalArgumentException naming the value and the accepted forms
   */
  public static double parseDurationMs(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("missing duration; accepted: " + DURATION_FORMS);
    }
    Matcher m = DURATION.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("bad duration '" + text + "'; accepted: " + DURATION_FORMS);
    }
    double number = Double.parseDouble(m.group(1));
    double ms = switch (m.group(2)) {
      case "us" -> number / 1e3;
      case "ms" -> number;
      default -> number * 1e3;
    };
    if (!Double.isFinite(ms)) {
      throw new IllegalArgumentException("duration '" + text + "' is not finite; accepted: " + DURATION_FORMS);
    }
    return ms;
  }

  /** A bandwidth for people: "10 Mbit/s", "1.5 Mbit/s", "800 kbit/s", "unlimited". */
  public static String formatBandwidth(double bytesPerSec) {
    if (Double.isInfinite(bytesPerSec)) {
      return "unlimited";
    }
    double bits = bytesPerSec * 8;
    if (bits >= 1e9) {
      return trim(bits / 1e9) + " Gbit/s";
    }
    if (bits >= 1e6) {
      return trim(bits / 1e6) + " Mbit/s";
    }
    if (bits >= 1e3) {
      return trim(bits / 1e3) + " kbit/s";
    }
    return trim(bits) + " bit/s";
  }

  private static String trim(double value) {
    String text = String.format(Locale.ROOT, "%.3f", value);
    return text.replaceAll("\\.?0+$", "");
  }
}
