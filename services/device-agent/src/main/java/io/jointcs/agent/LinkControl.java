package io.jointcs.agent;

import io.jointcs.splitinference.LinkEmulation;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The uplink the agent's sender emulates, changeable at run time (the admin endpoint's {@code POST /link}).
 * Split inference and the network probe read it before each request, so a change takes effect on the next one.
 * A shaped rate or an added round-trip time is EMULATED: the network data says so (network samples and SPLIT model
 * samples carry SHAPED_EMULATION); the device descriptor does not, since the compute behind the link is real.
 */
final class LinkControl {
  private static final Logger log = LoggerFactory.getLogger(LinkControl.class);

  /** A link setting and its change counter, so readers notice a change without comparing doubles. */
  record Setting(LinkEmulation link, long version) {}

  private final AtomicReference<Setting> current;

  LinkControl(LinkEmulation initial) {
    current = new AtomicReference<>(new Setting(Objects.requireNonNull(initial, "initial link"), 0));
  }

  Setting current() {
    return current.get();
  }

  LinkEmulation link() {
    return current.get().link();
  }

  /** Sets a new emulated link; returns the setting it replaced. */
  Setting set(LinkEmulation link, String why) {
    Objects.requireNonNull(link, "link");
    Setting old = current.getAndUpdate(s -> new Setting(link, s.version() + 1));
    log.info("emulated uplink changed from {} to {} ({})", old.link(), link, why);
    return old;
  }

  /** True when the agent shapes the uplink or adds delay: the link is not the real network. */
  static boolean emulated(LinkEmulation link) {
    return link.shaped() || link.rttMs() > 0;
  }

  /** The words events and logs use for a link: what is emulated and how. */
  static String describe(LinkEmulation link) {
    return emulated(link)
        ? "EMULATED uplink in the agent's sender (token bucket " + link + ")"
        : "real network, no shaping";
  }

  /** Megabits per second (10^6 bit/s) to bytes per second. */
  static double mbpsToBytesPerSec(double mbps) {
    return mbps * 1e6 / 8;
  }
}
